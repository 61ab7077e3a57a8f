// Disk faults under a commit (LD_PRELOAD fault_shim): a failed fsync or a full disk refuses the
// submission with an error value, leaves no row and no file behind, and the store keeps working.
// A failed WAL sync is only reported as a failure once the store is sure the submission cannot
// come back after a crash (else Uncertain); children killed right after the fault check that.
#include <doctest/doctest.h>

#include <dlfcn.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::draft_with_scan;

namespace {
enum { kSync = 1, kWrite = 2 };
using ArmFn = void (*)(int, long);
using ArmLimitedFn = void (*)(int, long, long);
using HitsFn = long (*)();

struct Shim {
  ArmFn arm = reinterpret_cast<ArmFn>(dlsym(RTLD_DEFAULT, "ow_fault_arm"));
  ArmLimitedFn arm_limited = reinterpret_cast<ArmLimitedFn>(dlsym(RTLD_DEFAULT, "ow_fault_arm_limited"));
  HitsFn hits = reinterpret_cast<HitsFn>(dlsym(RTLD_DEFAULT, "ow_fault_hits"));
  bool loaded() const { return arm != nullptr && arm_limited != nullptr && hits != nullptr; }
  void off() const { arm(0, 0); }
  // Commits `d` on a disk that fails as `mode` from the first call on and works again after;
  // `failed_calls` gets how many calls failed.
  StoreResult<CommitReceipt> commit_failing(Store& store, int mode, const SubmissionDraft& d, long* failed_calls = nullptr) const {
    arm(mode, 0);
    auto result = store.commit(d);
    if (failed_calls) *failed_calls = hits();
    off();
    return result;
  }
};

// The fault shim, checked to be preloaded, and a data dir of the test's own.
struct FaultCase {
  Shim shim;
  TempDir dir;
  explicit FaultCase(const std::string& name) : dir("store-" + name) { REQUIRE(shim.loaded()); }
};

// Runs `body` in a child that then dies by SIGKILL, a crash right after it; returns the byte the
// body reported before dying.
char in_killed_child(const std::function<char()>& body) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    const char report = body();
    (void)!::write(fds[1], &report, 1);
    ::raise(SIGKILL);
    ::_exit(1);
  }
  ::close(fds[1]);
  char report = 0;
  const ssize_t n = ::read(fds[0], &report, 1);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(n == 1);
  CHECK(WIFSIGNALED(status));
  return report;
}

char code_of(const StoreResult<CommitReceipt>& r) { return r ? 'S' : static_cast<char>('0' + static_cast<int>(r.error().code)); }
char code_char(StoreErrorCode c) { return static_cast<char>('0' + static_cast<int>(c)); }

bool is_void(Store& store, const std::string& id) {
  auto st = store.db().prepare("SELECT 1 FROM void_submissions WHERE id = ?1");
  REQUIRE(st);
  st->bind(1, id);
  return st->step().value();
}

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
  const FaultCase c("fault-blob");
  auto store = Store::open(c.dir.path).value();
  REQUIRE(store->commit(draft_with_scan("ok-1", "first scan")));
  long hits = 0;
  auto refused = c.shim.commit_failing(*store, kSync, draft_with_scan("bad-1", "second scan"), &hits);
  REQUIRE_FALSE(refused);
  CHECK(hits >= 1);
  CHECK(refused.error().code == StoreErrorCode::Io);
  CHECK(refused.error().message.find("Input/output error") != std::string::npos);
  CHECK_FALSE(store->has_submission("bad-1").value());
  check_consistent(*store, 1);
  auto next = store->commit(draft_with_scan("ok-2", "third scan"));
  REQUIRE(next);
  CHECK(next->local_receipt_no == "0001632600025");  // the refused one used no number
}

TEST_CASE("a failed fsync of the database commit refuses the submission and the store stays consistent") {
  const FaultCase c("fault-db");
  {
    auto store = Store::open(c.dir.path).value();
    REQUIRE(store->commit(draft("ok-1")));
    // No attachment: the first sync is SQLite's commit. The disk still fails after it, so the
    // failed commit cannot be voided yet: not "failed", not a receipt.
    auto refused = c.shim.commit_failing(*store, kSync, draft("bad-1"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == StoreErrorCode::Uncertain);
    CHECK_FALSE(store->has_submission("bad-1").value());
    check_consistent(*store, 1);
    REQUIRE(store->commit(draft("ok-2")));  // the disk works again: the void is written first
    CHECK(is_void(*store, "bad-1"));
  }
  auto reopened = Store::open(c.dir.path).value();
  check_consistent(*reopened, 2);
  CHECK_FALSE(reopened->has_submission("bad-1").value());
}

TEST_CASE("a full disk refuses the submission as DiskFull, for the attachment and for the database") {
  const FaultCase c("fault-full");
  auto store = Store::open(c.dir.path).value();
  REQUIRE(store->commit(draft("ok-1")));

  auto no_space_file = c.shim.commit_failing(*store, kWrite, draft_with_scan("full-1", "a scan that does not fit"));
  REQUIRE_FALSE(no_space_file);
  CHECK(no_space_file.error().code == StoreErrorCode::DiskFull);

  auto no_space_db = c.shim.commit_failing(*store, kWrite, draft("full-2"));
  REQUIRE_FALSE(no_space_db);
  CHECK(no_space_db.error().code == StoreErrorCode::DiskFull);

  check_consistent(*store, 1);
  REQUIRE(store->commit(draft_with_scan("ok-2", "fits again")));
  check_consistent(*store, 2);
}

TEST_CASE("SQLite's hazard: a commit whose WAL sync failed comes back after a crash when nothing voids it") {
  const FaultCase c("phantom-raw");
  const char report = in_killed_child([&] {
    auto db = SqliteDb::open(c.dir.path / "raw.db");
    if (!db || !(*db)->exec("CREATE TABLE t (id TEXT PRIMARY KEY)") || !(*db)->exec("INSERT INTO t VALUES('ok')")) return 'E';
    c.shim.arm(kSync, 0);
    const bool committed = (*db)->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES('phantom'); COMMIT").has_value();
    return committed ? 'S' : 'F';
  });
  REQUIRE(report == 'F');
  auto db = SqliteDb::open(c.dir.path / "raw.db").value();
  auto st = db->prepare("SELECT count(*) FROM t WHERE id = 'phantom'").value();
  REQUIRE(st.step().value());
  CHECK(st.column_int(0) == 1);  // told "failed", back after the crash: what the store must prevent
}

TEST_CASE("a commit whose WAL sync failed once is voided before it is reported failed, and stays gone after a crash") {
  const FaultCase c("phantom-void");
  const char report = in_killed_child([&] {
    auto store = Store::open(c.dir.path);
    if (!store || !(*store)->commit(draft_with_scan("ok-1", "first scan"))) return 'E';
    // The two files' syncs (scan, signature) and the directory's pass; the WAL sync fails once;
    // the void's works.
    c.shim.arm_limited(kSync, 3, 1);
    return code_of((*store)->commit(draft_with_scan("bad-1", "second scan")));
  });
  CHECK(report == code_char(StoreErrorCode::Io));
  auto store = Store::open(c.dir.path).value();
  CHECK_FALSE(store->has_submission("bad-1").value());
  CHECK(is_void(*store, "bad-1"));
  check_consistent(*store, 1);
  auto next = store->commit(draft("ok-2"));
  REQUIRE(next);
  CHECK(next->local_receipt_no == "0001632600025");
}

TEST_CASE("when even the void cannot be written the outcome is Uncertain, and a crash leaves a whole submission or none") {
  const FaultCase c("phantom-uncertain");
  const char report = in_killed_child([&] {
    auto store = Store::open(c.dir.path);
    if (!store || !(*store)->commit(draft("ok-1"))) return 'E';
    c.shim.arm(kSync, 3);  // from the WAL sync on (after two files and their directory), the disk stays broken
    return code_of((*store)->commit(draft_with_scan("bad-1", "a scan")));
  });
  CHECK(report == code_char(StoreErrorCode::Uncertain));
  auto store = Store::open(c.dir.path).value();
  const bool back = store->has_submission("bad-1").value();
  if (back) {
    check_consistent(*store, 2);  // it came back whole: its files were kept while the outcome was open
    CHECK(store->read_blob(store->blobs_of("bad-1").value().front()).value() == "a scan");
  } else {
    CHECK(store->sweep_orphans(std::chrono::seconds(0)).value() == 2);  // the kept files, now orphans
    check_consistent(*store, 1);
  }
}
