#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "offline_store/store.hpp"

namespace fs = std::filesystem;
using namespace ow::store;

namespace {
fs::path fresh_dir(const char* name) {
  auto dir = fs::temp_directory_path() / (std::string("ow-store-") + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}
SubmissionDraft draft(std::string id, std::string when = "2026-11-22T10:00:00+08:00") {
  return SubmissionDraft{std::move(id), "K1", std::move(when), "M1", "1", R"({"form":{}})"};
}
}  // namespace

TEST_CASE("commit numbers receipts per kiosk and day, and survives reopening") {
  const auto dir = fresh_dir("commit");
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    auto a = (*store)->commit(draft("a"));
    auto b = (*store)->commit(draft("b"));
    auto c = (*store)->commit(draft("c", "2026-11-23T09:00:00+08:00"));
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(a->local_receipt_no == "K1-20261122-0001");
    CHECK(b->local_receipt_no == "K1-20261122-0002");
    CHECK(c->local_receipt_no == "K1-20261123-0001");
  }
  auto reopened = Store::open(dir);
  REQUIRE(reopened);
  CHECK((*reopened)->submission_count().value() == 3);
  CHECK((*reopened)->has_submission("b").value());
  CHECK_FALSE((*reopened)->has_submission("zz").value());
  fs::remove_all(dir);
}

TEST_CASE("a duplicate submission id is refused and nothing half-written remains") {
  const auto dir = fresh_dir("dup");
  auto store = Store::open(dir);
  REQUIRE(store);
  REQUIRE((*store)->commit(draft("same")));
  auto again = (*store)->commit(draft("same"));
  REQUIRE_FALSE(again);
  CHECK(again.error().code == StoreErrorCode::Invalid);
  CHECK((*store)->submission_count().value() == 1);
  // The failed transaction rolled back its sequence number too.
  auto next = (*store)->commit(draft("other"));
  REQUIRE(next);
  CHECK(next->local_receipt_no == "K1-20261122-0002");
  fs::remove_all(dir);
}

TEST_CASE("an unwritable data dir is an error value, not a crash") {
  auto store = Store::open("/proc/ow-cannot-exist/data");
  CHECK_FALSE(store);
}
