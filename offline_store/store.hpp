#pragma once
// The durable local store: a submission is committed here before the citizen gets a receipt, and
// waits in the outbox until the platform acknowledges it. One Store per thread (one connection):
// the store belongs to the thread that first uses it after open(), and thread checks assert that.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/sequence_checker.hpp"
#include "offline_store/blob_dir.hpp"
#include "offline_store/hall_records.hpp"
#include "offline_store/outbox_types.hpp"
#include "offline_store/receipt_number.hpp"
#include "offline_store/sqlite_db.hpp"
#include "offline_store/store_error.hpp"
#include "offline_store/vault.hpp"

namespace ow::store {

struct StoreOptions {
  std::filesystem::path data_dir;
  std::filesystem::path key_file;  // default: <data_dir>/store.key
  // $CREDENTIALS_DIRECTORY: its store.key (a systemd credential) is used instead of key_file.
  std::filesystem::path credentials_dir;
  // true: every commit is synced (the kiosk's commits: a receipt follows). The sync engine's
  // outbox transitions may use false: losing one on power loss only repeats an idempotent request.
  bool durable_commits = true;
  // Leftover attachment files younger than this are kept at open (a commit may be in progress).
  std::chrono::seconds orphan_min_age{3600};
  std::string actor = "kiosk";  // who writes the audit entries of this connection
  // true: a missing data key with sealed rows opens the store locked instead of failing — nothing
  // sealed is read or written (those calls fail with KeyMissing), nothing is purged, and the queue
  // waits for the restored key; key_fault() says what is wrong. The kiosk opens it so to stay up,
  // refuse citizens, and tell the technician and the platform (issue 24, item 5).
  bool open_locked = false;
};

class Store {
 public:
  static StoreResult<std::unique_ptr<Store>> open(const StoreOptions& options);
  static StoreResult<std::unique_ptr<Store>> open(const std::filesystem::path& data_dir);

  // Durable when it returns a value: attachment files are fsynced and renamed first, then the row
  // commits with synchronous=FULL. On any error nothing of the submission remains.
  StoreResult<CommitReceipt> commit(const SubmissionDraft& draft);
  StoreResult<void> add_evaluation(const EvaluationDraft& draft);

  StoreResult<std::int64_t> submission_count();
  StoreResult<bool> has_submission(const std::string& id);
  // By submission id, local receipt number or platform receipt number.
  StoreResult<std::optional<OutboxEntry>> find(const std::string& id_or_receipt);
  StoreResult<std::vector<OutboxEntry>> find_by_id_number(std::string_view id_number);
  // The submission a receipt number names, only when `holder` made it: a whole ID number (from the
  // card) or its last four characters as typed (holder.cpp). Nullopt both when there is no such
  // submission and when the holder does not match, so a caller cannot tell which.
  StoreResult<std::optional<OutboxEntry>> find_for_holder(const std::string& id_or_receipt, std::string_view holder);
  StoreResult<std::vector<OutboxEntry>> list(std::optional<OutboxState> only, int limit);
  StoreResult<OutboxStats> stats(std::int64_t now_ms);
  StoreResult<std::vector<std::string>> blobs_of(const std::string& submission_id);

  // --- outbox, used by the sync engine (outbox.cpp) ---
  // Submissions left in `sending` by a process that died go back to pending (same key).
  StoreResult<int> recover_interrupted();
  StoreResult<std::vector<std::string>> due(ItemKind kind, std::int64_t now_ms, int limit);
  // Earliest next attempt of anything queued, nullopt when nothing is.
  StoreResult<std::optional<std::int64_t>> next_due_ms();
  StoreResult<OutboundItem> begin_sending(ItemKind kind, const std::string& id);
  StoreResult<std::string> read_blob(const std::string& sha);
  StoreResult<void> set_blob_uploaded(const std::string& sha, bool uploaded);
  StoreResult<void> ack(ItemKind kind, const std::string& id, int http_status, const std::string& platform_receipt_no,
                        const std::string& platform_status, std::int64_t now_ms);
  StoreResult<void> retry_later(ItemKind kind, const std::string& id, std::optional<int> http_status,
                                const std::string& error, std::int64_t next_attempt_ms, std::int64_t now_ms);
  StoreResult<void> reject(ItemKind kind, const std::string& id, std::optional<int> http_status,
                           const std::string& message, std::int64_t now_ms);
  // Times stored by a wall clock that was ahead, brought back once it is corrected: next attempts
  // later than `latest_next_ms` move to it; with `acks`, acknowledgements and rejections stamped after `now_ms` are
  // stamped `now_ms` (or the purge would wait for them). Returns how many rows moved.
  StoreResult<int> clamp_times(std::int64_t now_ms, std::int64_t latest_next_ms, bool acks);
  // Operator: a rejected or backed-off item is due again now. NotFound for unknown ids.
  StoreResult<void> retry_now(const std::string& id_or_receipt, std::int64_t now_ms);
  StoreResult<void> audit(const std::string& action, const std::string& ref, const std::string& detail);
  // The sync engine's remembered values (e.g. "catalog_etag"); nullopt: not set. Setting nullopt erases.
  StoreResult<std::optional<std::string>> sync_meta(const std::string& key);
  StoreResult<void> set_sync_meta(const std::string& key, const std::optional<std::string>& value);

  // --- retention (retention.cpp) ---
  // Personal data (sealed body, ID hash, attachments, the platform's message) of submissions past
  // their state's retention at `now_ms` is deleted, and so are their evaluations; rows stay as
  // `purged` tombstones so receipts still resolve. Idempotent; files go after the rows commit and a
  // crash in between leaves only orphans that sweep_orphans() removes.
  StoreResult<PurgeCounts> purge(const RetentionPolicy& policy, std::int64_t now_ms);
  StoreResult<std::size_t> sweep_orphans(std::chrono::seconds min_age);

  // --- the hall's records (hall_records.cpp) ---
  // The next queue ticket of `service` on the local `day` ("20261122"): 1, 2, … durable before it
  // returns, so a restart never repeats a number; a new day starts again at 1.
  StoreResult<int> next_queue_ticket(const std::string& day, const std::string& service);
  // A 办不成事 report; step and matter code only. Returns its id.
  StoreResult<std::int64_t> add_help_request(const std::string& step, const std::string& matter_code);
  // Those reported at or after `since_ms` (unix ms): at most `limit`, newest first, and how many in all.
  StoreResult<std::vector<HelpRequest>> help_requests_since(std::int64_t since_ms, int limit);
  StoreResult<std::int64_t> help_request_count(std::int64_t since_ms);

  // Hands the connection to another thread: the next call binds it there (the sync engine's
  // connection is recovered on the starting thread, then used only on the engine's).
  void detach_from_sequence() { OW_DETACH_FROM_SEQUENCE(sequence_); }

  SqliteDb& db() {
    OW_CHECK_SEQUENCE(sequence_);
    return *db_;
  }
  const BlobDir& blob_dir() const { return blobs_; }
  const Vault* vault() const { return vault_ ? &*vault_ : nullptr; }  // null: locked
  // Empty, or why the store is locked (StoreOptions::open_locked): technician text.
  const std::string& key_fault() const { return key_fault_; }

 private:
  Store(std::unique_ptr<SqliteDb> db, std::optional<Vault> vault, BlobDir blobs, std::string actor)
      : db_(std::move(db)), vault_(std::move(vault)), blobs_(std::move(blobs)), actor_(std::move(actor)) {}
  // KeyMissing with key_fault_ when the store is locked: every call that seals, unseals or hashes
  // with the key, or removes rows, asks first.
  StoreResult<void> unlocked() const;
  // Matching a receipt number by row key, so that no index on the number is needed: "s.receipt_key IN
  // (?n, …)" over kMaxReceiptRowKeys parameters from `first_param`, bound to receipt_row_keys (or -1).
  static std::string receipt_key_condition(int first_param);
  static void bind_receipt_keys(Statement& st, int first_param, std::string_view receipt_no);
  StoreResult<void> audit_in_tx(const std::string& action, const std::string& ref, const std::string& detail);
  // After a failed COMMIT: makes sure the submission stays failed (returns `error`), or reports
  // Uncertain and keeps trying before later commits.
  StoreError settle_failed_commit(const std::string& id, StoreError error, bool mark_may_remain);
  StoreResult<void> void_submission(const std::string& id);
  void settle_unconfirmed_voids();
  // At open: voided submissions whose failed commit came back anyway are deleted.
  StoreResult<int> discard_voided();
  // The key of the oldest submission never tried, nullopt when there is none (schema v6's tail).
  StoreResult<std::optional<std::int64_t>> lowest_tail_key();
  // The highest receipt key of any submission, nullopt when there is none.
  StoreResult<std::optional<std::int64_t>> highest_key();
  StoreResult<void> attempt_in_tx(ItemKind kind, const std::string& id, std::optional<int> http_status,
                                  const std::string& error, std::int64_t now_ms);
  OW_SEQUENCE_CHECKER(sequence_);
  std::unique_ptr<SqliteDb> db_;
  std::optional<Vault> vault_;  // nullopt: locked (key_fault_)
  std::string key_fault_;
  BlobDir blobs_;
  std::string actor_;
  std::vector<std::string> unconfirmed_voids_;
  std::int64_t tail_floor_ = 0;  // no tail row has a lower key
};

std::int64_t unix_ms_now();

}  // namespace ow::store
