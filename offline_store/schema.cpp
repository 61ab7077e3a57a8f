#include "offline_store/schema.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <functional>

namespace ow::store {

namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  local_receipt_no TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  matter_code TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  body BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
);
CREATE TABLE receipt_sequence (
  day TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);
)sql";

// v2: the outbox. Personal data only in *_sealed columns; times in unix ms unless named *_at text.
constexpr const char* kV2 = R"sql(
ALTER TABLE submissions RENAME TO submissions_v1;
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
)sql";

// v3: small values the sync engine keeps across restarts (the ETag of the last staged catalog).
constexpr const char* kV3 = R"sql(
CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// v4: what the hall's desk side of the kiosk keeps: queue ticket numbers per local day and service
// (a restart must not hand out a number twice), and "could not get it done here" reports, which
// name only the step and the matter, for the technician.
constexpr const char* kV4 = R"sql(
CREATE TABLE queue_tickets (
  day TEXT NOT NULL,
  service TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (day, service)
);
CREATE TABLE help_requests (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  step TEXT NOT NULL,
  matter_code TEXT NOT NULL DEFAULT ''
);
)sql";

// v5: a durable commit writes as few pages as it can, since each costs WAL bytes and checkpoints.
// The local receipt number's day and sequence are the row key (no sequence table, no receipt
// index); a commit's audit entry is its own row (committed_by, committed_ms; audit_trail shows
// both); indexes hold only the rows that need them. void_submissions: ids whose commit failed and
// that must never come back, even if the failed commit's WAL frames survive (store.cpp).
constexpr const char* kV5 = R"sql(
CREATE TABLE submissions_v5 (
  receipt_key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  local_receipt_no TEXT NOT NULL,
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
  committed_by TEXT NOT NULL DEFAULT 'kiosk',
  acked_ms INTEGER,
  platform_receipt_no TEXT,
  platform_status TEXT,
  last_http_status INTEGER,
  last_error TEXT
);
INSERT INTO submissions_v5(receipt_key, id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version,
    id_hash, body_sealed, state, attempts, next_attempt_ms, committed_ms, committed_by, acked_ms, platform_receipt_no,
    platform_status, last_http_status, last_error)
  SELECT CAST(substr(local_receipt_no, length(kiosk_id) + 2, 8) AS INTEGER) * 1000000
           + CAST(substr(local_receipt_no, length(kiosk_id) + 11) AS INTEGER),
         s.id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, id_hash, body_sealed, state,
         attempts, next_attempt_ms, committed_ms,
         coalesce((SELECT actor FROM audit_log a WHERE a.action = 'commit' AND a.ref = s.id), 'kiosk'),
         acked_ms, platform_receipt_no, platform_status, last_http_status, last_error
  FROM submissions s;
DELETE FROM audit_log WHERE action = 'commit';
DROP TABLE submissions;
ALTER TABLE submissions_v5 RENAME TO submissions;
DROP TABLE receipt_sequence;
CREATE UNIQUE INDEX submissions_platform_receipt ON submissions(platform_receipt_no) WHERE platform_receipt_no IS NOT NULL;
CREATE INDEX submissions_due ON submissions(next_attempt_ms) WHERE state = 'pending';
CREATE INDEX submissions_id_hash ON submissions(id_hash) WHERE id_hash IS NOT NULL;
CREATE VIEW audit_trail(at_ms, actor, action, ref, detail) AS
  SELECT at_ms, actor, action, ref, detail FROM audit_log
  UNION ALL SELECT committed_ms, committed_by, 'commit', id, local_receipt_no FROM submissions;
CREATE TABLE void_submissions (
  id TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v6: a citizen's commit writes the row and its id only. A submission that was never tried (the
// outbox's tail: pending, next_attempt_ms = 0) is in neither the due index nor the ID-hash index;
// its key is above every key that existed when it committed, so the store finds the tail by a
// range scan of the newest keys (store.cpp). Every other pending row has next_attempt_ms > 0.
// Attachments are keyed by their primary key alone (no rowid b-tree beside it).
constexpr const char* kV6 = R"sql(
CREATE TABLE attachments_v6 (
  submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  material_code TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  uploaded INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (submission_id, position)
) WITHOUT ROWID;
INSERT INTO attachments_v6(submission_id, position, material_code, sha256, size, uploaded)
  SELECT submission_id, position, material_code, sha256, size, uploaded FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_v6 RENAME TO attachments;
CREATE INDEX attachments_sha ON attachments(sha256);
UPDATE submissions SET next_attempt_ms = 1 WHERE state IN ('pending', 'sending') AND next_attempt_ms = 0;
DROP INDEX submissions_due;
CREATE INDEX submissions_due ON submissions(next_attempt_ms) WHERE state = 'pending' AND next_attempt_ms > 0;
DROP INDEX submissions_id_hash;
CREATE INDEX submissions_id_hash ON submissions(id_hash)
  WHERE id_hash IS NOT NULL AND (state <> 'pending' OR next_attempt_ms > 0);
)sql";

// v7: every state has a retention (retention.cpp). A rejection keeps its time; a tombstone says
// which state it was purged from (before v7 only acked rows were purged). id_tail_hash: the keyed
// hash of the ID number's last four characters bound to the row (holder.cpp), the second factor of
// a typed 办件查询; it stays on the tombstone so a citizen can still ask the platform's progress.
// Rows committed before v7 have none: their holder is known by the card (id_hash) only.
// Ratings of submissions rejected before v7 could never be sent: they are rejected with them.
constexpr const char* kV7 = R"sql(
ALTER TABLE submissions ADD COLUMN rejected_ms INTEGER;
ALTER TABLE submissions ADD COLUMN purged_from TEXT CHECK (purged_from IN ('acked', 'rejected', 'unsent'));
ALTER TABLE submissions ADD COLUMN id_tail_hash TEXT;
ALTER TABLE evaluations ADD COLUMN rejected_ms INTEGER;
UPDATE submissions SET purged_from = 'acked' WHERE state = 'purged';
UPDATE submissions SET rejected_ms = coalesce((SELECT max(at_ms) FROM attempts a WHERE a.ref = submissions.id), committed_ms)
  WHERE state = 'rejected';
UPDATE evaluations SET rejected_ms = coalesce((SELECT max(at_ms) FROM attempts a WHERE a.ref = evaluations.id), committed_ms)
  WHERE state = 'rejected';
UPDATE evaluations SET state = 'rejected', last_error = 'submission rejected',
    rejected_ms = (SELECT s.rejected_ms FROM submissions s WHERE s.id = evaluations.submission_id)
  WHERE state IN ('pending', 'sending') AND submission_id IN (SELECT id FROM submissions WHERE state = 'rejected');
)sql";

// v1 kept the form in the clear; v2 seals a full platform request body built from it.
StoreResult<void> seal_v1_rows(SqliteDb& db, const Vault& vault) {
  auto rows = db.prepare(
      "SELECT id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, body FROM submissions_v1");
  if (!rows) return tl::unexpected(rows.error());
  auto insert = db.prepare(
      "INSERT INTO submissions(id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, body_sealed,"
      " committed_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
  if (!insert) return tl::unexpected(insert.error());
  for (;;) {
    auto row = rows->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    auto old = nlohmann::json::parse(rows->column_blob(6), nullptr, false);
    nlohmann::json body{{"id", rows->column_text(0)},         {"kiosk_id", rows->column_text(2)},
                        {"created_at", rows->column_text(3)}, {"matter_code", rows->column_text(4)},
                        {"catalog_version", rows->column_text(5)},
                        {"applicant", nlohmann::json::object()},
                        {"form", old.is_object() && old.contains("form") ? old["form"] : nlohmann::json::object()},
                        {"materials", nlohmann::json::object()},
                        {"prereview", nullptr},
                        {"signature", nullptr}};
    const std::string sealed = vault.seal(body.dump(), sealed_context("submissions", rows->column_text(0)));
    insert->bind(1, rows->column_text(0)).bind(2, rows->column_text(1)).bind(3, rows->column_text(2))
        .bind(4, rows->column_text(3)).bind(5, rows->column_text(4)).bind(6, rows->column_text(5))
        .bind_blob(7, sealed.data(), sealed.size());
    if (auto ok = insert->run(); !ok) return ok;
    insert->reset();
  }
  rows->reset();
  return db.exec("DROP TABLE submissions_v1");
}

struct Migration {
  const char* sql;
  std::function<StoreResult<void>(SqliteDb&, const Vault&)> after;
};

const std::array<Migration, kSchemaVersion> kMigrations = {{
    {kV1, nullptr},
    {kV2, seal_v1_rows},
    {kV3, nullptr},
    {kV4, nullptr},
    {kV5, nullptr},
    {kV6, nullptr},
    {kV7, nullptr},
}};

StoreResult<void> migrate_all(SqliteDb& db, const Vault& vault) {
  // The version is read inside each write transaction, so two processes opening a fresh store at
  // once apply every migration exactly once.
  for (;;) {
    bool done = false;
    auto applied = in_transaction(db, [&]() -> StoreResult<void> {
      std::int64_t current = 0;
      {
        auto version_stmt = db.prepare("PRAGMA user_version");
        if (!version_stmt) return tl::unexpected(version_stmt.error());
        if (auto row = version_stmt->step(); !row) return tl::unexpected(row.error());
        current = version_stmt->column_int(0);
      }  // finalized: an active statement would block DROP TABLE in a migration
      if (current > kSchemaVersion)
        return store_error(StoreErrorCode::Invalid, "database schema v" + std::to_string(current) +
                                                        " is newer than this program (v" +
                                                        std::to_string(kSchemaVersion) + ")");
      if (current == kSchemaVersion) {
        done = true;
        return {};
      }
      const auto& m = kMigrations[static_cast<std::size_t>(current)];
      if (auto ok = db.exec(m.sql); !ok) return ok;
      if (m.after)
        if (auto ok = m.after(db, vault); !ok) return ok;
      {
        auto dangling = db.prepare("PRAGMA foreign_key_check");
        if (!dangling) return tl::unexpected(dangling.error());
        auto row = dangling->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) return store_error(StoreErrorCode::Corrupt, "schema v" + std::to_string(current + 1) +
                                                                   " migration left a dangling reference in " +
                                                                   dangling->column_text(0));
      }
      return db.exec("PRAGMA user_version=" + std::to_string(current + 1));
    });
    if (!applied) return applied;
    if (done) return {};
  }
}

}  // namespace

StoreResult<bool> has_sealed_rows(SqliteDb& db) {
  for (const char* table : {"submissions", "evaluations"}) {
    auto column = db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = 'body_sealed'");
    if (!column) return tl::unexpected(column.error());
    column->bind(1, table);
    auto has_column = column->step();
    if (!has_column) return tl::unexpected(has_column.error());
    if (!*has_column) continue;
    auto row = db.prepare(std::string("SELECT 1 FROM ") + table + " WHERE body_sealed IS NOT NULL LIMIT 1");
    if (!row) return tl::unexpected(row.error());
    auto found = row->step();
    if (!found) return tl::unexpected(found.error());
    if (*found) return true;
  }
  return false;
}

StoreResult<void> migrate(SqliteDb& db, const Vault& vault) {
  // A migration that rebuilds a referenced table drops the old one: with foreign keys on, that
  // would cascade into its children. They are off (only possible outside a transaction) while
  // migrating, and each migration must leave no dangling reference before it commits.
  if (auto off = db.exec("PRAGMA foreign_keys=OFF"); !off) return off;
  auto result = migrate_all(db, vault);
  if (auto on = db.exec("PRAGMA foreign_keys=ON"); !on && result) return on;
  return result;
}

}  // namespace ow::store
