// Retention: every outbox state keeps personal data for its own period (RetentionPolicy), then
// the row becomes a tombstone: receipt number, matter, times and platform status stay, the sealed
// body, ID hash, attachments and the platform's message (it may quote the form) go. Attachment
// files nobody references are removed. Both run under the write lock, so no commit can start
// referencing a file between the check and its removal.
#include <set>

#include "offline_store/store.hpp"

namespace ow::store {

namespace {
std::int64_t before(std::int64_t now_ms, std::chrono::seconds keep) {
  return now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(keep).count();
}
}  // namespace

StoreResult<PurgeCounts> Store::purge(const RetentionPolicy& policy, std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  const std::int64_t acked_before = before(now_ms, policy.acked);
  const std::int64_t rejected_before = before(now_ms, policy.rejected);
  const std::int64_t unsent_before = before(now_ms, policy.unsent);
  return in_transaction(*db_, [&]() -> StoreResult<PurgeCounts> {
    // SET reads the row as it was: purged_from is the state before this update. A row in `sending`
    // is in the sync engine's hands and waits for the next purge.
    auto mark = db_->prepare(
        "UPDATE submissions SET state = 'purged', body_sealed = NULL, id_hash = NULL, last_error = NULL, "
        "purged_from = CASE state WHEN 'pending' THEN 'unsent' ELSE state END "
        "WHERE (state = 'acked' AND acked_ms < ?1) OR (state = 'rejected' AND coalesce(rejected_ms, committed_ms) < ?2) "
        "OR (state = 'pending' AND committed_ms < ?3) RETURNING purged_from");
    if (!mark) return tl::unexpected(mark.error());
    mark->bind(1, acked_before).bind(2, rejected_before).bind(3, unsent_before);
    PurgeCounts counts;
    for (;;) {
      auto row = mark->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      const std::string from = mark->column_text(0);
      ++(from == "acked" ? counts.acked : from == "rejected" ? counts.rejected : counts.unsent);
    }

    auto detach = db_->prepare(
        "DELETE FROM attachments WHERE submission_id IN (SELECT id FROM submissions WHERE state = 'purged') "
        "RETURNING sha256");
    if (!detach) return tl::unexpected(detach.error());
    std::set<std::string> released;
    for (;;) {
      auto row = detach->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      released.insert(detach->column_text(0));
    }
    // A rating goes with its submission when the platform never had that submission: it can never be sent.
    auto evals = db_->prepare(
        "UPDATE evaluations SET state = 'purged', body_sealed = NULL, last_error = NULL "
        "WHERE state <> 'purged' AND state <> 'sending' AND ((state = 'acked' AND acked_ms < ?1) "
        "OR (state = 'rejected' AND coalesce(rejected_ms, committed_ms) < ?2) OR (state = 'pending' AND committed_ms < ?3) "
        "OR (state <> 'acked' AND submission_id IN "
        "(SELECT id FROM submissions WHERE state = 'purged' AND purged_from <> 'acked')))");
    if (!evals) return tl::unexpected(evals.error());
    evals->bind(1, acked_before).bind(2, rejected_before).bind(3, unsent_before);
    if (auto ok = evals->run(); !ok) return tl::unexpected(ok.error());
    auto old_attempts = db_->prepare("DELETE FROM attempts WHERE at_ms < ?1");
    if (!old_attempts) return tl::unexpected(old_attempts.error());
    old_attempts->bind(1, acked_before);
    if (auto ok = old_attempts->run(); !ok) return tl::unexpected(ok.error());

    for (const auto& sha : released) {
      auto ref = db_->prepare("SELECT 1 FROM attachments WHERE sha256 = ?1");
      if (!ref) return tl::unexpected(ref.error());
      ref->bind(1, sha);
      auto used = ref->step();
      if (!used) return tl::unexpected(used.error());
      if (!*used)
        if (auto ok = blobs_.remove(sha); !ok) return tl::unexpected(ok.error());
    }
    if (counts.total() > 0) {
      const std::string detail = std::to_string(counts.total()) + " submissions past retention (" +
                                 std::to_string(counts.acked) + " acked, " + std::to_string(counts.rejected) +
                                 " rejected, " + std::to_string(counts.unsent) + " never acked)";
      if (auto ok = audit_in_tx("purge", "", detail); !ok) return tl::unexpected(ok.error());
    }
    return counts;
  });
}

StoreResult<std::size_t> Store::sweep_orphans(std::chrono::seconds min_age) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  return in_transaction(*db_, [&]() -> StoreResult<std::size_t> {
    auto stmt = db_->prepare("SELECT DISTINCT sha256 FROM attachments");
    if (!stmt) return tl::unexpected(stmt.error());
    std::set<std::string> referenced;
    for (;;) {
      auto row = stmt->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      referenced.insert(stmt->column_text(0));
    }
    const std::size_t removed = blobs_.sweep(referenced, min_age);
    if (removed > 0)
      if (auto ok = audit_in_tx("sweep", "", std::to_string(removed) + " orphan attachment files removed"); !ok)
        return tl::unexpected(ok.error());
    return removed;
  });
}

}  // namespace ow::store
