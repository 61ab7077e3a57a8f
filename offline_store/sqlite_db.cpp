#include "offline_store/sqlite_db.hpp"

namespace ow::store {

namespace {
StoreError make_error(sqlite3* db, std::string_view what) {
  const int code = db ? sqlite3_extended_errcode(db) : SQLITE_CANTOPEN;
  const char* msg = db ? sqlite3_errmsg(db) : "cannot open database";
  StoreErrorCode kind = StoreErrorCode::Io;
  if ((code & 0xff) == SQLITE_FULL) kind = StoreErrorCode::DiskFull;
  if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB) kind = StoreErrorCode::Corrupt;
  if ((code & 0xff) == SQLITE_CONSTRAINT) kind = StoreErrorCode::Invalid;
  return StoreError{kind, std::string(what) + ": " + msg};
}
}  // namespace

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

StoreResult<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(make_error(db_, "step"));
}

StoreResult<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
              : std::string();
}
std::string Statement::column_blob(int index) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
}
bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

StoreResult<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::filesystem::path& path, bool full_sync) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    StoreError err = make_error(raw, "open " + path.string());
    sqlite3_close(raw);
    return tl::unexpected(err);
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  sqlite3_busy_timeout(raw, 5000);
  // FULL: a receipt is printed only after the commit is on disk, so the WAL is synced on every commit.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", full_sync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
                             "PRAGMA foreign_keys=ON"}) {
    if (auto ok = db->exec(pragma); !ok) return tl::unexpected(ok.error());
  }
  return db;
}

SqliteDb::~SqliteDb() {
  cache_.clear();  // finalized before the connection closes
  sqlite3_close_v2(db_);
}

StoreResult<void> SqliteDb::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string owned(sql);
  if (sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    StoreError e = make_error(db_, owned.substr(0, 40));
    sqlite3_free(err);
    return tl::unexpected(e);
  }
  return {};
}

StoreResult<Statement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return tl::unexpected(make_error(db_, "prepare"));
  return Statement(db_, stmt);
}

StoreResult<StatementLease> SqliteDb::cached(std::string_view sql) {
  auto found = cache_.find(std::string(sql));
  if (found == cache_.end()) {
    auto prepared = prepare(sql);
    if (!prepared) return tl::unexpected(prepared.error());
    found = cache_.emplace(std::string(sql), std::move(*prepared)).first;
  }
  return StatementLease(found->second);
}

StoreResult<void> SqliteDb::run_cached(std::string_view sql) {
  auto stmt = cached(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto done = (*stmt)->run(); !done) return tl::unexpected(make_error(db_, sql.substr(0, 40)));
  return {};
}

StoreError SqliteDb::error(std::string_view what) const { return make_error(db_, what); }

}  // namespace ow::store
