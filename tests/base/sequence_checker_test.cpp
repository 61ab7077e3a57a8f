// A sequence checker binds to the first thread that checks it and aborts a check from another one.
#include <doctest/doctest.h>

#include <thread>

#include "base/sequence_checker.hpp"
#include "tests/support/aborts_in_child.hpp"

namespace {

struct Owned {
  void touch() { OW_CHECK_SEQUENCE(sequence); }
  OW_SEQUENCE_CHECKER(sequence);
};

}  // namespace

#ifdef OW_THREAD_CHECKS

TEST_CASE("a check from the bound thread passes, from another thread aborts") {
  CHECK_FALSE(aborts_in_child([] {
    Owned o;
    o.touch();
    o.touch();
  }));
  CHECK(aborts_in_child([] {
    Owned o;
    o.touch();  // binds to this thread
    std::thread([&] { o.touch(); }).join();
  }));
}

TEST_CASE("detach lets the next thread bind") {
  CHECK_FALSE(aborts_in_child([] {
    Owned o;
    o.touch();
    OW_DETACH_FROM_SEQUENCE(o.sequence);
    std::thread([&] {
      o.touch();
      o.touch();
    }).join();
  }));
}

TEST_CASE("an unbound checker binds to the first thread that checks it") {
  CHECK_FALSE(aborts_in_child([] {
    Owned o;  // built here, used only on the worker
    std::thread([&] { o.touch(); }).join();
  }));
}

#else

TEST_CASE("without OW_THREAD_CHECKS the checker takes no space and checks nothing") {
  struct WithInt {
    int x;
    OW_SEQUENCE_CHECKER(sequence);
  };
  static_assert(sizeof(WithInt) == sizeof(int));
  CHECK_FALSE(aborts_in_child([] {
    Owned o;
    o.touch();
    std::thread([&] { o.touch(); }).join();
  }));
}

#endif
