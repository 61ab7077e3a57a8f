// Schema migration from a v3 store (through v4, the hall tables, to v5): rows, receipt numbers, attachments,
// evaluations and audit entries survive the v5 rebuild of submissions; foreign keys hold after it.
#include <doctest/doctest.h>

#include "offline_store/schema.hpp"
#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::fresh_dir;

namespace {
// The v3 schema as shipped, frozen here: the migration must keep working for databases made by it.
constexpr const char* kV3Schema = R"sql(
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  local_receipt_no TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  id_hash TEXT,
  body_sealed BLOB,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'acked', 'purged', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  committed_ms INTEGER NOT NULL,
  acked_ms INTEGER,
  platform_receipt_no TEXT UNIQUE,
  platform_status TEXT,
  last_http_status INTEGER,
  last_error TEXT
);
CREATE INDEX submissions_due ON submissions(state, next_attempt_ms);
CREATE INDEX submissions_id_hash ON submissions(id_hash);
CREATE TABLE attachments (
  submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  material_code TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  uploaded INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (submission_id, position)
);
CREATE INDEX attachments_sha ON attachments(sha256);
CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  body_sealed BLOB,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'acked', 'purged', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  committed_ms INTEGER NOT NULL,
  acked_ms INTEGER,
  last_http_status INTEGER,
  last_error TEXT
);
CREATE INDEX evaluations_due ON evaluations(state, next_attempt_ms);
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  http_status INTEGER,
  error TEXT
);
CREATE INDEX attempts_ref ON attempts(ref);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  ref TEXT,
  detail TEXT
);
CREATE TABLE receipt_sequence (
  day TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
PRAGMA user_version=3;
)sql";

std::int64_t count(Store& store, const std::string& sql) {
  auto st = store.db().prepare(sql).value();
  REQUIRE(st.step().value());
  return st.column_int(0);
}
}  // namespace

TEST_CASE("schema: a v3 store migrates through v4, v5 and v6 with its rows, numbers, attachments, evaluations and audit") {
  const auto dir = fresh_dir("migrate-v3");
  fs::create_directories(dir);
  Store::open(dir).value();  // creates the key file; the database is replaced below
  fs::remove(dir / "kiosk.db");
  fs::remove(dir / "kiosk.db-wal");
  fs::remove(dir / "kiosk.db-shm");
  const std::string sha(64, 'a');
  {
    auto db = SqliteDb::open(dir / "kiosk.db").value();
    REQUIRE(db->exec(kV3Schema));
    REQUIRE(db->exec(R"sql(
      INSERT INTO submissions(id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, id_hash,
        body_sealed, state, committed_ms, acked_ms, platform_receipt_no)
        VALUES('s1', 'KS-01-20261120-0001', 'KS-01', '2026-11-20T09:00:00+08:00', 'M1', '1', 'h1', x'00', 'acked',
               1000, 2000, 'P1');
      INSERT INTO submissions(id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, body_sealed,
        committed_ms) VALUES('s2', 'KS-01-20261120-0002', 'KS-01', '2026-11-20T09:05:00+08:00', 'M1', '1', x'00', 1100);
      INSERT INTO receipt_sequence VALUES('20261120', 2);
      INSERT INTO attachments(submission_id, position, material_code, sha256, size) VALUES('s2', 0, 'ID_COPY', ')sql" +
                       sha + R"sql(', 10);
      INSERT INTO evaluations(id, submission_id, body_sealed, committed_ms) VALUES('e1', 's1', x'00', 3000);
      INSERT INTO audit_log(at_ms, actor, action, ref, detail) VALUES(1000, 'kiosk', 'commit', 's1', 'KS-01-20261120-0001');
      INSERT INTO audit_log(at_ms, actor, action, ref, detail) VALUES(1100, 'kioskctl', 'commit', 's2', 'KS-01-20261120-0002');
      INSERT INTO audit_log(at_ms, actor, action, ref, detail) VALUES(1200, 'technician', 'maintenance_enter', '', '');
    )sql"));
  }
  StoreOptions o;
  o.data_dir = dir;
  o.orphan_min_age = std::chrono::hours(24);
  auto store = Store::open(o).value();
  CHECK(count(*store, "PRAGMA user_version") == kSchemaVersion);
  CHECK(count(*store, "PRAGMA foreign_keys") == 1);
  CHECK(count(*store, "SELECT count(*) FROM sqlite_master WHERE name = 'receipt_sequence'") == 0);

  // Found by every kind of number, with its state and attachment count.
  CHECK(store->find("KS-01-20261120-0002").value()->id == "s2");
  CHECK(store->find("P1").value()->id == "s1");
  CHECK(store->find("s1").value()->state == OutboxState::Acked);
  CHECK(store->find("s2").value()->attachment_count == 1);  // not cascaded away by the rebuild
  CHECK(store->blobs_of("s2").value() == std::vector<std::string>{sha});
  CHECK(count(*store, "SELECT count(*) FROM evaluations WHERE submission_id = 's1'") == 1);
  CHECK(store->due(ItemKind::Submission, 5000, 10).value() == std::vector<std::string>{"s2"});
  // A queued row from before v6 is not in the tail new commits join: the due index has it.
  CHECK(count(*store, "SELECT next_attempt_ms FROM submissions WHERE id = 's2'") == 1);

  // Who committed each moved from the audit log into the row; the audit trail lists each once.
  CHECK(count(*store, "SELECT count(*) FROM audit_trail WHERE action = 'commit'") == 2);
  CHECK(count(*store, "SELECT count(*) FROM audit_trail WHERE action = 'commit' AND actor = 'kioskctl' AND ref = 's2'") == 1);
  CHECK(count(*store, "SELECT count(*) FROM audit_trail WHERE action = 'maintenance_enter'") == 1);

  // The day's numbering continues, now as 13-digit receipt numbers; a new day starts at 1. The old
  // numbers are still found.
  auto same_day = draft("s3", "2026-11-20T10:00:00+08:00");
  same_day.kiosk_id = "KS-01";
  CHECK(store->commit(same_day).value().local_receipt_no == "0001632400031");
  CHECK(store->commit(draft("s4", "2026-11-21T08:00:00+08:00")).value().local_receipt_no == "0001632500019");
  CHECK(store->find("0001632400031").value()->id == "s3");
  CHECK(store->find("KS-01-20261120-0001").value()->id == "s1");
  CHECK(count(*store, "SELECT count(*) FROM audit_trail WHERE action = 'commit' AND actor = 'kiosk'") == 3);

  // Foreign keys are enforced again after the migration.
  CHECK_FALSE(store->db().exec("INSERT INTO evaluations(id, submission_id, committed_ms) VALUES('e2', 'nobody', 1)"));
  fs::remove_all(dir);
}

TEST_CASE("local receipt numbers map to row keys; other text does not") {
  CHECK(local_receipt_key("K1-20261122-0007") == 20261122000007);
  CHECK(local_receipt_key("KS-01-20261120-12345") == 20261120012345);
  CHECK_FALSE(local_receipt_key("P2026000001"));
  CHECK_FALSE(local_receipt_key("K1-2026112-0007"));
  CHECK_FALSE(local_receipt_key("K1-20261122-"));
  CHECK_FALSE(local_receipt_key("K1-20261122-0000"));
  CHECK_FALSE(local_receipt_key("-20261122-0001x"));
  CHECK_FALSE(local_receipt_key(""));
}
