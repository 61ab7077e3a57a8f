// The hall's records: queue ticket numbers survive a restart and start again on a new day; 办不成事
// reports keep the step and the matter only.
#include <doctest/doctest.h>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

using namespace ow::store;
using ow::store::test::fresh_dir;

TEST_CASE("queue tickets count per service and day, across a restart, and start again on a new day") {
  const auto dir = fresh_dir("tickets");
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    CHECK((*store)->next_queue_ticket("20261122", "A").value() == 1);
    CHECK((*store)->next_queue_ticket("20261122", "A").value() == 2);
    CHECK((*store)->next_queue_ticket("20261122", "B").value() == 1);
  }
  {
    auto store = Store::open(dir);  // the kiosk restarted the same day
    REQUIRE(store);
    CHECK((*store)->next_queue_ticket("20261122", "A").value() == 3);
    CHECK((*store)->next_queue_ticket("20261122", "B").value() == 2);
    // Local midnight passed: every service starts again.
    CHECK((*store)->next_queue_ticket("20261123", "A").value() == 1);
    CHECK((*store)->next_queue_ticket("20261123", "B").value() == 1);
    CHECK((*store)->next_queue_ticket("20261123", "A").value() == 2);
  }
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    CHECK((*store)->next_queue_ticket("20261123", "A").value() == 3);
    CHECK_FALSE((*store)->next_queue_ticket("", "A"));
    CHECK_FALSE((*store)->next_queue_ticket("20261123", ""));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a 办不成事 report keeps the step and the matter, newest first") {
  const auto dir = fresh_dir("help");
  auto store = Store::open(dir);
  REQUIRE(store);
  REQUIRE((*store)->add_help_request("matters", ""));
  REQUIRE((*store)->add_help_request("materials", "M1"));
  CHECK_FALSE((*store)->add_help_request("", "M1"));
  auto all = (*store)->help_requests_since(0, 10);
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).step == "materials");
  CHECK(all->at(0).matter_code == "M1");
  CHECK(all->at(1).step == "matters");
  CHECK(all->at(1).matter_code.empty());
  CHECK(all->at(0).at_ms > 0);
  std::filesystem::remove_all(dir);
}
