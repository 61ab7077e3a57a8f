// A store belongs to one thread: the first that uses it after open(), which may be another than the
// opener's (compose() opens the kiosk's store for the store worker). With thread checks on, a call
// from a second thread aborts.
#include <doctest/doctest.h>

#include <thread>

#include "tests/store/store_test_util.hpp"
#include "tests/support/aborts_in_child.hpp"

using ow::store::test::FreshStore;

#ifdef OW_THREAD_CHECKS

TEST_CASE("a store opened on one thread belongs to the thread that uses it first") {
  FreshStore s("sequence-first");
  CHECK_FALSE(aborts_in_child([&] {
    std::thread([&] {
      CHECK(s.store->submission_count());
      CHECK(s.store->submission_count());
    }).join();
  }));
  CHECK(aborts_in_child([&] {
    std::thread([&] { CHECK(s.store->submission_count()); }).join();
    CHECK(s.store->submission_count());  // the opener's thread, after the worker took it
  }));
}

TEST_CASE("detach_from_sequence hands a store already used here to another thread") {
  FreshStore s("sequence-detach");
  CHECK_FALSE(aborts_in_child([&] {
    CHECK(s.store->submission_count());  // as the sync engine recovers its store before its thread starts
    s.store->detach_from_sequence();
    std::thread([&] { CHECK(s.store->submission_count()); }).join();
  }));
}

#endif
