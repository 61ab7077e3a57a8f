#pragma once
// The durable local store: a submission is committed here before the citizen gets a receipt.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "offline_store/sqlite_db.hpp"
#include "offline_store/store_error.hpp"

namespace ow::store {

struct SubmissionDraft {
  std::string id;               // UUID; also the platform Idempotency-Key
  std::string kiosk_id;
  std::string created_at;       // RFC 3339, local time with offset
  std::string matter_code;      // matter or bundle code
  std::string catalog_version;
  std::string body_json;        // applicant + form: personal data
};

struct CommitReceipt {
  std::string submission_id;
  std::string local_receipt_no;  // kiosk id + date + daily sequence; valid before the platform answers
};

class Store {
 public:
  static StoreResult<std::unique_ptr<Store>> open(const std::filesystem::path& data_dir);

  // Durable when it returns a value: the row is committed with synchronous=FULL.
  StoreResult<CommitReceipt> commit(const SubmissionDraft& draft);
  StoreResult<std::int64_t> submission_count();
  StoreResult<bool> has_submission(const std::string& id);

 private:
  explicit Store(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  StoreResult<void> migrate();
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace ow::store
