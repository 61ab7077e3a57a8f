// The outbox transitions the sync engine drives: pending → sending → acked, or back to pending
// with a next attempt time, or rejected. Each transition is one transaction with its attempt row.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "offline_store/schema.hpp"
#include "offline_store/store.hpp"

namespace ow::store {

namespace {
const char* table_of(ItemKind kind) { return kind == ItemKind::Submission ? "submissions" : "evaluations"; }
const char* kind_name(ItemKind kind) { return kind == ItemKind::Submission ? "submission" : "evaluation"; }
}  // namespace

StoreResult<int> Store::recover_interrupted() {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<int> {
    int total = 0;
    for (auto kind : {ItemKind::Submission, ItemKind::Evaluation}) {
      const std::string requeue = std::string("UPDATE ") + table_of(kind) +
                                  " SET state = 'pending', next_attempt_ms = max(next_attempt_ms, 1) WHERE state = 'sending'";
      if (auto ok = db_->exec(requeue); !ok) return tl::unexpected(ok.error());
      total += sqlite3_changes(db_->handle());
    }
    if (total > 0)
      if (auto ok = audit_in_tx("recover", "", std::to_string(total) + " interrupted sends requeued"); !ok)
        return tl::unexpected(ok.error());
    return total;
  });
}

StoreResult<std::optional<std::int64_t>> Store::lowest_tail_key() {
  // Tail rows are only ever added above the highest key, and leave the tail for good (begin_sending,
  // retry_later, retry_now and recover_interrupted leave next_attempt_ms > 0). So no tail row is below
  // the lowest tail key once seen, or below the highest key while there is no tail.
  auto first = db_->cached("SELECT receipt_key FROM submissions WHERE receipt_key >= ?1 AND " +
                           std::string(kTailCondition) + " ORDER BY receipt_key LIMIT 1");
  if (!first) return tl::unexpected(first.error());
  (*first)->bind(1, tail_floor_);
  auto row = (*first)->step();
  if (!row) return tl::unexpected(row.error());
  if (*row) {
    tail_floor_ = (*first)->column_int(0);
    return std::optional<std::int64_t>(tail_floor_);
  }
  auto top = highest_key();
  if (!top) return tl::unexpected(top.error());
  if (*top) tail_floor_ = std::max(tail_floor_, **top);
  return std::optional<std::int64_t>();
}

StoreResult<std::optional<std::int64_t>> Store::highest_key() {
  auto newest = db_->cached("SELECT max(receipt_key) FROM submissions");
  if (!newest) return tl::unexpected(newest.error());
  if (auto row = (*newest)->step(); !row) return tl::unexpected(row.error());
  if ((*newest)->column_is_null(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>((*newest)->column_int(0));
}

StoreResult<std::vector<std::string>> Store::due(ItemKind kind, std::int64_t now_ms, int limit) {
  OW_CHECK_SEQUENCE(sequence_);
  std::vector<std::string> ids;
  auto collect = [&](Statement& stmt) -> StoreResult<void> {
    for (;;) {
      auto row = stmt.step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) return {};
      ids.push_back(stmt.column_text(0));
    }
  };
  if (kind == ItemKind::Submission) {
    // Never tried first, in receipt order; then retries by their time.
    auto low = lowest_tail_key();
    if (!low) return tl::unexpected(low.error());
    if (*low) {
      auto tail = db_->cached("SELECT id FROM submissions WHERE receipt_key >= ?1 AND " + std::string(kTailCondition) +
                              " ORDER BY receipt_key LIMIT ?2");
      if (!tail) return tl::unexpected(tail.error());
      (*tail)->bind(1, **low).bind(2, static_cast<std::int64_t>(limit));
      if (auto ok = collect(**tail); !ok) return tl::unexpected(ok.error());
    }
    if (static_cast<int>(ids.size()) >= limit) return ids;
    auto retries = db_->cached(
        "SELECT id FROM submissions WHERE state = 'pending' AND next_attempt_ms > 0 AND next_attempt_ms <= ?1 "
        "ORDER BY next_attempt_ms, receipt_key LIMIT ?2");
    if (!retries) return tl::unexpected(retries.error());
    (*retries)->bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit - static_cast<int>(ids.size())));
    if (auto ok = collect(**retries); !ok) return tl::unexpected(ok.error());
    return ids;
  }
  // An evaluation goes out only after the platform has its submission.
  auto stmt = db_->cached(
      "SELECT e.id FROM evaluations e JOIN submissions s ON s.id = e.submission_id "
      "WHERE e.state = 'pending' AND e.next_attempt_ms <= ?1 AND s.state IN ('acked', 'purged') "
      "ORDER BY e.next_attempt_ms LIMIT ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  (*stmt)->bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
  if (auto ok = collect(**stmt); !ok) return tl::unexpected(ok.error());
  return ids;
}

StoreResult<std::optional<std::int64_t>> Store::next_due_ms() {
  OW_CHECK_SEQUENCE(sequence_);
  auto low = lowest_tail_key();
  if (!low) return tl::unexpected(low.error());
  if (*low) return std::optional<std::int64_t>(0);
  auto stmt = db_->prepare(
      "SELECT min(t) FROM (SELECT min(next_attempt_ms) AS t FROM submissions WHERE state = 'pending' AND next_attempt_ms > 0 "
      "UNION ALL SELECT min(e.next_attempt_ms) FROM evaluations e JOIN submissions s ON s.id = e.submission_id "
      "WHERE e.state IN ('pending','sending') AND s.state IN ('acked','purged'))");
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto row = stmt->step(); !row) return tl::unexpected(row.error());
  if (stmt->column_is_null(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt->column_int(0));
}

StoreResult<OutboundItem> Store::begin_sending(ItemKind kind, const std::string& id) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  return in_transaction(*db_, [&]() -> StoreResult<OutboundItem> {
    auto row = db_->prepare(std::string("SELECT body_sealed, attempts, state FROM ") + table_of(kind) + " WHERE id = ?1");
    if (!row) return tl::unexpected(row.error());
    row->bind(1, id);
    auto found = row->step();
    if (!found) return tl::unexpected(found.error());
    if (!*found) return store_error(StoreErrorCode::NotFound, std::string(kind_name(kind)) + " " + id + " not found");
    const auto state = parse_state(row->column_text(2));
    if (!state) return store_error(StoreErrorCode::Corrupt, std::string(kind_name(kind)) + " " + id + " has an unknown state");
    if (*state != OutboxState::Pending && *state != OutboxState::Sending)
      return store_error(StoreErrorCode::Invalid, std::string(kind_name(kind)) + " " + id + " is not queued");
    const std::string context = sealed_context(table_of(kind), id);
    auto body = vault_->unseal(row->column_blob(0), context);
    if (!body) return store_error(body.error().code, std::string(kind_name(kind)) + " " + id + ": " + body.error().message);
    // An old-format body (not bound to its row) is sealed again in the new format as it is written.
    const std::string resealed = body->legacy ? vault_->seal(body->plain, context) : std::string();
    OutboundItem item{id, std::move(body->plain), {}, row->column_int(1)};
    if (kind == ItemKind::Evaluation) {
      // The platform rates by receipt number once it has one; the body then stays fixed for every retry.
      auto receipt = db_->prepare(
          "SELECT s.platform_receipt_no FROM evaluations e JOIN submissions s ON s.id = e.submission_id WHERE e.id = ?1");
      if (!receipt) return tl::unexpected(receipt.error());
      receipt->bind(1, id);
      if (auto r = receipt->step(); r && *r && !receipt->column_is_null(0)) {
        auto j = nlohmann::json::parse(item.body, nullptr, false);
        if (j.is_object()) {
          j["receipt_no"] = receipt->column_text(0);
          item.body = j.dump();
        }
      }
    } else {
      auto blobs = db_->prepare("SELECT sha256, max(uploaded) FROM attachments WHERE submission_id = ?1 GROUP BY sha256");
      if (!blobs) return tl::unexpected(blobs.error());
      blobs->bind(1, id);
      for (;;) {
        auto b = blobs->step();
        if (!b) return tl::unexpected(b.error());
        if (!*b) break;
        item.blobs.push_back({blobs->column_text(0), blobs->column_int(1) != 0});
      }
    }
    auto mark = db_->prepare(std::string("UPDATE ") + table_of(kind) +
                             " SET state = 'sending', body_sealed = coalesce(?2, body_sealed) WHERE id = ?1");
    if (!mark) return tl::unexpected(mark.error());
    mark->bind(1, id);
    if (resealed.empty()) mark->bind_null(2);
    else mark->bind_blob(2, resealed.data(), resealed.size());
    if (auto ok = mark->run(); !ok) return tl::unexpected(ok.error());
    return item;
  });
}

StoreResult<std::string> Store::read_blob(const std::string& sha) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  return blobs_.get(sha, *vault_);
}

StoreResult<void> Store::set_blob_uploaded(const std::string& sha, bool uploaded) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("UPDATE attachments SET uploaded = ?2 WHERE sha256 = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, sha).bind(2, static_cast<std::int64_t>(uploaded ? 1 : 0));
  return stmt->run();
}

StoreResult<void> Store::attempt_in_tx(ItemKind kind, const std::string& id, std::optional<int> http_status,
                                       const std::string& error, std::int64_t now_ms) {
  auto stmt = db_->prepare("INSERT INTO attempts(at_ms, kind, ref, http_status, error) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, now_ms).bind(2, kind_name(kind)).bind(3, id);
  if (http_status) stmt->bind(4, static_cast<std::int64_t>(*http_status));
  else stmt->bind_null(4);
  if (error.empty()) stmt->bind_null(5);
  else stmt->bind(5, error);
  return stmt->run();
}

StoreResult<void> Store::ack(ItemKind kind, const std::string& id, int http_status, const std::string& platform_receipt_no,
                             const std::string& platform_status, std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    const std::string sql =
        kind == ItemKind::Submission
            ? "UPDATE submissions SET state = 'acked', attempts = attempts + 1, acked_ms = ?2, last_http_status = ?3, "
              "last_error = NULL, platform_receipt_no = ?4, platform_status = ?5 WHERE id = ?1 AND state IN ('pending','sending')"
            : "UPDATE evaluations SET state = 'acked', attempts = attempts + 1, acked_ms = ?2, last_http_status = ?3, "
              "last_error = NULL WHERE id = ?1 AND state IN ('pending','sending')";
    auto stmt = db_->prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, now_ms).bind(3, static_cast<std::int64_t>(http_status));
    if (kind == ItemKind::Submission) stmt->bind(4, platform_receipt_no).bind(5, platform_status);
    if (auto ok = stmt->run(); !ok) return ok;
    return attempt_in_tx(kind, id, http_status, "", now_ms);
  });
}

StoreResult<void> Store::retry_later(ItemKind kind, const std::string& id, std::optional<int> http_status,
                                     const std::string& error, std::int64_t next_attempt_ms, std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    auto stmt = db_->prepare(std::string("UPDATE ") + table_of(kind) +
                             " SET state = 'pending', attempts = attempts + 1, next_attempt_ms = max(?2, 1), "
                             "last_http_status = ?3, last_error = ?4 WHERE id = ?1 AND state IN ('pending','sending')");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, next_attempt_ms).bind(4, error);
    if (http_status) stmt->bind(3, static_cast<std::int64_t>(*http_status));
    else stmt->bind_null(3);
    if (auto ok = stmt->run(); !ok) return ok;
    return attempt_in_tx(kind, id, http_status, error, now_ms);
  });
}

StoreResult<void> Store::reject(ItemKind kind, const std::string& id, std::optional<int> http_status,
                                const std::string& message, std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    auto stmt = db_->prepare(std::string("UPDATE ") + table_of(kind) +
                             " SET state = 'rejected', attempts = attempts + 1, last_http_status = ?2, last_error = ?3, "
                             "rejected_ms = ?4 WHERE id = ?1 AND state IN ('pending','sending')");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, id).bind(3, message).bind(4, now_ms);
    if (http_status) stmt->bind(2, static_cast<std::int64_t>(*http_status));
    else stmt->bind_null(2);
    if (auto ok = stmt->run(); !ok) return ok;
    if (kind == ItemKind::Submission) {
      // Its ratings wait for a submission the platform will never have: rejected with it, and
      // requeued with it by retry_now.
      auto ratings = db_->prepare(
          "UPDATE evaluations SET state = 'rejected', last_error = 'submission rejected', rejected_ms = ?2 "
          "WHERE submission_id = ?1 AND state IN ('pending','sending')");
      if (!ratings) return tl::unexpected(ratings.error());
      ratings->bind(1, id).bind(2, now_ms);
      if (auto ok = ratings->run(); !ok) return ok;
    }
    if (auto ok = attempt_in_tx(kind, id, http_status, message, now_ms); !ok) return ok;
    return audit_in_tx("reject", id, http_status ? "HTTP " + std::to_string(*http_status) : "local");
  });
}

StoreResult<int> Store::clamp_times(std::int64_t now_ms, std::int64_t latest_next_ms, bool acks) {
  OW_CHECK_SEQUENCE(sequence_);
  if (!acks) {
    // Asked at every pass: a read (on the due indexes) unless something is to move.
    auto late = db_->cached(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE state = 'pending' AND next_attempt_ms > ?1) "
        "OR EXISTS (SELECT 1 FROM evaluations WHERE state = 'pending' AND next_attempt_ms > ?1)");
    if (!late) return tl::unexpected(late.error());
    (*late)->bind(1, latest_next_ms);
    auto row = (*late)->step();
    if (!row) return tl::unexpected(row.error());
    const bool any = *row && (*late)->column_int(0) != 0;
    (*late)->reset();
    if (!any) return 0;
  }
  return in_transaction(*db_, [&]() -> StoreResult<int> {
    int moved = 0;
    for (auto kind : {ItemKind::Submission, ItemKind::Evaluation}) {
      auto next = db_->cached(std::string("UPDATE ") + table_of(kind) +
                              " SET next_attempt_ms = ?1 WHERE state = 'pending' AND next_attempt_ms > ?1");
      if (!next) return tl::unexpected(next.error());
      (*next)->bind(1, latest_next_ms);
      if (auto ok = (*next)->run(); !ok) return tl::unexpected(ok.error());
      moved += sqlite3_changes(db_->handle());
      if (!acks) continue;
      // Retention counts from these: one stamped while the clock ran ahead would keep its row too long.
      for (const char* column : {"acked_ms", "rejected_ms"}) {
        auto stamped = db_->cached(std::string("UPDATE ") + table_of(kind) + " SET " + column + " = ?1 WHERE " + column + " > ?1");
        if (!stamped) return tl::unexpected(stamped.error());
        (*stamped)->bind(1, now_ms);
        if (auto ok = (*stamped)->run(); !ok) return tl::unexpected(ok.error());
        moved += sqlite3_changes(db_->handle());
      }
    }
    if (moved > 0)
      if (auto ok = audit_in_tx("clock", "", std::to_string(moved) + " times later than the clock allows brought back"); !ok)
        return tl::unexpected(ok.error());
    return moved;
  });
}

StoreResult<void> Store::retry_now(const std::string& id_or_receipt, std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    auto stmt = db_->prepare(
        "UPDATE submissions AS s SET state = 'pending', next_attempt_ms = max(?2, 1), rejected_ms = NULL WHERE (id = ?1 OR (" +
        receipt_key_condition(3) + " AND local_receipt_no = ?1) OR platform_receipt_no = ?1) AND state IN ('pending', "
        "'rejected') RETURNING id");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, id_or_receipt).bind(2, now_ms);
    bind_receipt_keys(*stmt, 3, id_or_receipt);
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) {
      auto eval = db_->prepare(
          "UPDATE evaluations SET state = 'pending', next_attempt_ms = ?2, rejected_ms = NULL WHERE id = ?1 AND state IN ('pending', "
          "'rejected') RETURNING id");
      if (!eval) return tl::unexpected(eval.error());
      eval->bind(1, id_or_receipt).bind(2, now_ms);
      auto erow = eval->step();
      if (!erow) return tl::unexpected(erow.error());
      if (!*erow) return store_error(StoreErrorCode::NotFound, "no queued or rejected item " + id_or_receipt);
      if (auto done = eval->run(); !done) return done;
      return audit_in_tx("retry", id_or_receipt, "operator requeued evaluation");
    }
    const std::string id = stmt->column_text(0);
    if (auto done = stmt->run(); !done) return done;
    auto ratings = db_->prepare(
        "UPDATE evaluations SET state = 'pending', next_attempt_ms = max(?2, 1), rejected_ms = NULL "
        "WHERE submission_id = ?1 AND state = 'rejected'");
    if (!ratings) return tl::unexpected(ratings.error());
    ratings->bind(1, id).bind(2, now_ms);
    if (auto done = ratings->run(); !done) return done;
    return audit_in_tx("retry", id, "operator requeued");
  });
}

}  // namespace ow::store
