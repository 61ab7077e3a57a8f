#include "offline_store/store.hpp"

#include <array>
#include <cstdio>

namespace ow::store {

namespace {
// Each entry upgrades the schema by one version, inside one transaction.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
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
    )sql",
};

// "2026-11-22T10:00:00+08:00" → "20261122"
std::string compact_day(const std::string& rfc3339) {
  std::string day;
  for (char c : rfc3339.substr(0, 10))
    if (c != '-') day += c;
  return day;
}
}  // namespace

StoreResult<std::unique_ptr<Store>> Store::open(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return store_error(StoreErrorCode::Io, "cannot create data dir " + data_dir.string() + ": " + ec.message());
  auto db = SqliteDb::open(data_dir / "kiosk.db");
  if (!db) return tl::unexpected(db.error());
  std::unique_ptr<Store> store(new Store(std::move(*db)));
  if (auto migrated = store->migrate(); !migrated) return tl::unexpected(migrated.error());
  return store;
}

StoreResult<void> Store::migrate() {
  auto version_stmt = db_->prepare("PRAGMA user_version");
  if (!version_stmt) return tl::unexpected(version_stmt.error());
  if (auto row = version_stmt->step(); !row) return tl::unexpected(row.error());
  const auto current = static_cast<std::size_t>(version_stmt->column_int(0));
  for (std::size_t v = current; v < kMigrations.size(); ++v) {
    auto applied = in_transaction(*db_, [&]() -> StoreResult<void> {
      if (auto ok = db_->exec(kMigrations[v]); !ok) return ok;
      return db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
    });
    if (!applied) return applied;
  }
  return {};
}

StoreResult<CommitReceipt> Store::commit(const SubmissionDraft& draft) {
  return in_transaction(*db_, [&]() -> StoreResult<CommitReceipt> {
    const std::string day = compact_day(draft.created_at);
    auto seq = db_->prepare(
        "INSERT INTO receipt_sequence(day, last) VALUES(?1, 1) "
        "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
    if (!seq) return tl::unexpected(seq.error());
    seq->bind(1, day);
    auto row = seq->step();
    if (!row) return tl::unexpected(row.error());
    char number[16];
    std::snprintf(number, sizeof number, "%04lld", static_cast<long long>(seq->column_int(0)));
    if (auto done = seq->run(); !done) return tl::unexpected(done.error());

    CommitReceipt receipt{draft.id, draft.kiosk_id + "-" + day + "-" + number};
    auto insert = db_->prepare(
        "INSERT INTO submissions(id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version, body) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return tl::unexpected(insert.error());
    insert->bind(1, draft.id).bind(2, receipt.local_receipt_no).bind(3, draft.kiosk_id).bind(4, draft.created_at)
        .bind(5, draft.matter_code).bind(6, draft.catalog_version).bind_blob(7, draft.body_json.data(), draft.body_json.size());
    if (auto done = insert->run(); !done) return tl::unexpected(done.error());
    return receipt;
  });
}

StoreResult<std::int64_t> Store::submission_count() {
  auto stmt = db_->prepare("SELECT count(*) FROM submissions");
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto row = stmt->step(); !row) return tl::unexpected(row.error());
  return stmt->column_int(0);
}

StoreResult<bool> Store::has_submission(const std::string& id) {
  auto stmt = db_->prepare("SELECT 1 FROM submissions WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->step();
}

}  // namespace ow::store
