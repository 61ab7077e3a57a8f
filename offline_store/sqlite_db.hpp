#pragma once
// A thin RAII layer over sqlite3: one connection, prepared statements, errors as values.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "offline_store/store_error.hpp"

namespace ow::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);

  // true: a row is ready; false: done. Errors become StoreError.
  StoreResult<bool> step();
  StoreResult<void> run();  // step to completion, expecting no rows
  void reset();              // ready to bind and run again

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// A cached statement in use: reset and unbound when the lease ends, so it never holds a read
// snapshot open between uses.
class StatementLease {
 public:
  explicit StatementLease(Statement& statement) : statement_(&statement) {}
  StatementLease(StatementLease&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  StatementLease& operator=(StatementLease&&) = delete;
  ~StatementLease() {
    if (statement_) statement_->reset();
  }
  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

class SqliteDb {
 public:
  // Opens (creating) the database with WAL and foreign keys on; synchronous=FULL when full_sync,
  // else NORMAL (safe against a process crash, not against power loss).
  static StoreResult<std::unique_ptr<SqliteDb>> open(const std::filesystem::path& path, bool full_sync = true);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  StoreResult<void> exec(std::string_view sql);
  StoreResult<Statement> prepare(std::string_view sql);
  // Prepared once per connection and reused: parsing a statement costs more than a small insert.
  // One lease per SQL text at a time.
  StoreResult<StatementLease> cached(std::string_view sql);
  // exec() for statements run often with no parameters and no rows (BEGIN IMMEDIATE, COMMIT).
  StoreResult<void> run_cached(std::string_view sql);
  sqlite3* handle() { return db_; }

  // The last error as a StoreError; disk-full and I/O errors are told apart for the citizen message.
  StoreError error(std::string_view what) const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, Statement> cache_;
};

// Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back when fn or COMMIT fails.
template <class Fn>
auto in_transaction(SqliteDb& db, Fn&& fn) -> decltype(fn()) {
  if (auto begun = db.run_cached("BEGIN IMMEDIATE"); !begun) return tl::unexpected(begun.error());
  auto result = fn();
  if (!result) {
    (void)db.exec("ROLLBACK");
    return result;
  }
  if (auto committed = db.run_cached("COMMIT"); !committed) {
    (void)db.exec("ROLLBACK");
    return tl::unexpected(committed.error());
  }
  return result;
}

}  // namespace ow::store
