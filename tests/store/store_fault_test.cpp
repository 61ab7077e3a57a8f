// Disk faults under a commit (LD_PRELOAD fault_shim): a failed fsync or a full disk refuses the
// submission with an error value, leaves no row and no file behind, and the store keeps working.
#include <doctest/doctest.h>

#include <dlfcn.h>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::draft_with_scan;
using ow::store::test::fresh_dir;

namespace {
enum { kSync = 1, kWrite = 2 };
using ArmFn = void (*)(int, long);
using HitsFn = long (*)();

struct Shim {
  ArmFn arm = reinterpret_cast<ArmFn>(dlsym(RTLD_DEFAULT, "ow_fault_arm"));
  HitsFn hits = reinterpret_cast<HitsFn>(dlsym(RTLD_DEFAULT, "ow_fault_hits"));
  bool loaded() const { return arm != nullptr && hits != nullptr; }
  void off() const { arm(0, 0); }
};

void check_consistent(Store& store, std::int64_t expected_rows) {
  auto integrity = store.db().prepare("PRAGMA integrity_check");
  REQUIRE(integrity);
  REQUIRE(integrity->step().value());
  CHECK(integrity->column_text(0) == "ok");
  CHECK(store.submission_count().value() == expected_rows);
  // Every file left is one a row references.
  std::set<std::string> referenced;
  const auto entries = store.list(std::nullopt, 100).value();
  for (const auto& e : entries) {
    const auto shas = store.blobs_of(e.id).value();
    referenced.insert(shas.begin(), shas.end());
  }
  const auto files = store.blob_dir().list();
  CHECK(std::set<std::string>(files.begin(), files.end()) == referenced);
}
}  // namespace

TEST_CASE("the fault shim is loaded (the test runs with LD_PRELOAD)") {
  Shim shim;
  REQUIRE(shim.loaded());
}

TEST_CASE("a failed fsync of an attachment refuses the submission; nothing remains; the next one works") {
  Shim shim;
  REQUIRE(shim.loaded());
  const auto dir = fresh_dir("fault-blob");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft_with_scan("ok-1", "first scan")));
  shim.arm(kSync, 0);
  auto refused = store->commit(draft_with_scan("bad-1", "second scan"));
  const long hits = shim.hits();
  shim.off();
  REQUIRE_FALSE(refused);
  CHECK(hits >= 1);
  CHECK(refused.error().code == StoreErrorCode::Io);
  CHECK(refused.error().message.find("Input/output error") != std::string::npos);
  CHECK_FALSE(store->has_submission("bad-1").value());
  check_consistent(*store, 1);
  auto next = store->commit(draft_with_scan("ok-2", "third scan"));
  REQUIRE(next);
  CHECK(next->local_receipt_no == "K1-20261122-0002");  // the refused one used no number
  fs::remove_all(dir);
}

TEST_CASE("a failed fsync of the database commit refuses the submission and the store stays consistent") {
  Shim shim;
  REQUIRE(shim.loaded());
  const auto dir = fresh_dir("fault-db");
  {
    auto store = Store::open(dir).value();
    REQUIRE(store->commit(draft("ok-1")));
    shim.arm(kSync, 0);  // no attachment: the first sync is SQLite's commit
    auto refused = store->commit(draft("bad-1"));
    shim.off();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == StoreErrorCode::Io);
    CHECK_FALSE(store->has_submission("bad-1").value());
    check_consistent(*store, 1);
    REQUIRE(store->commit(draft("ok-2")));
  }
  auto reopened = Store::open(dir).value();
  check_consistent(*reopened, 2);
  CHECK_FALSE(reopened->has_submission("bad-1").value());
  fs::remove_all(dir);
}

TEST_CASE("a full disk refuses the submission as DiskFull, for the attachment and for the database") {
  Shim shim;
  REQUIRE(shim.loaded());
  const auto dir = fresh_dir("fault-full");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft("ok-1")));

  shim.arm(kWrite, 0);
  auto no_space_file = store->commit(draft_with_scan("full-1", "a scan that does not fit"));
  shim.off();
  REQUIRE_FALSE(no_space_file);
  CHECK(no_space_file.error().code == StoreErrorCode::DiskFull);

  shim.arm(kWrite, 0);
  auto no_space_db = store->commit(draft("full-2"));
  shim.off();
  REQUIRE_FALSE(no_space_db);
  CHECK(no_space_db.error().code == StoreErrorCode::DiskFull);

  check_consistent(*store, 1);
  REQUIRE(store->commit(draft_with_scan("ok-2", "fits again")));
  check_consistent(*store, 2);
  fs::remove_all(dir);
}
