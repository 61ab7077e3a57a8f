// Retention: personal data of acknowledged submissions is deleted after the configured period,
// and attachment files nobody references are removed. Both run under the write lock, so no commit
// can start referencing a file between the check and its removal.
#include <set>

#include "offline_store/store.hpp"

namespace ow::store {

StoreResult<int> Store::purge(std::int64_t acked_before_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<int> {
    auto mark = db_->prepare(
        "UPDATE submissions SET state = 'purged', body_sealed = NULL, id_hash = NULL "
        "WHERE state = 'acked' AND acked_ms < ?1");
    if (!mark) return tl::unexpected(mark.error());
    mark->bind(1, acked_before_ms);
    if (auto ok = mark->run(); !ok) return tl::unexpected(ok.error());
    const int purged = sqlite3_changes(db_->handle());

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
    auto evals = db_->prepare(
        "UPDATE evaluations SET state = 'purged', body_sealed = NULL WHERE state = 'acked' AND acked_ms < ?1");
    if (!evals) return tl::unexpected(evals.error());
    evals->bind(1, acked_before_ms);
    if (auto ok = evals->run(); !ok) return tl::unexpected(ok.error());
    auto old_attempts = db_->prepare("DELETE FROM attempts WHERE at_ms < ?1");
    if (!old_attempts) return tl::unexpected(old_attempts.error());
    old_attempts->bind(1, acked_before_ms);
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
    if (purged > 0)
      if (auto ok = audit_in_tx("purge", "", std::to_string(purged) + " submissions past retention"); !ok)
        return tl::unexpected(ok.error());
    return purged;
  });
}

StoreResult<std::size_t> Store::sweep_orphans(std::chrono::seconds min_age) {
  OW_CHECK_SEQUENCE(sequence_);
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
