// Store, the hall's records: queue ticket sequences per day and 办不成事 reports.
#include "offline_store/store.hpp"

namespace ow::store {

StoreResult<int> Store::next_queue_ticket(const std::string& day, const std::string& service) {
  OW_CHECK_SEQUENCE(sequence_);
  if (day.empty() || service.empty()) return store_error(StoreErrorCode::Invalid, "a queue ticket needs a day and a service");
  return in_transaction(*db_, [&]() -> StoreResult<int> {
    auto seq = db_->prepare(
        "INSERT INTO queue_tickets(day, service, last) VALUES(?1, ?2, 1) "
        "ON CONFLICT(day, service) DO UPDATE SET last = last + 1 RETURNING last");
    if (!seq) return tl::unexpected(seq.error());
    seq->bind(1, day).bind(2, service);
    auto row = seq->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return store_error(StoreErrorCode::Corrupt, "queue ticket sequence returned no row");
    const auto number = static_cast<int>(seq->column_int(0));
    if (auto done = seq->run(); !done) return tl::unexpected(done.error());
    // Yesterday's counters are of no further use.
    auto old = db_->prepare("DELETE FROM queue_tickets WHERE day < ?1");
    if (!old) return tl::unexpected(old.error());
    old->bind(1, day);
    if (auto done = old->run(); !done) return tl::unexpected(done.error());
    return number;
  });
}

StoreResult<std::int64_t> Store::add_help_request(const std::string& step, const std::string& matter_code) {
  OW_CHECK_SEQUENCE(sequence_);
  if (step.empty()) return store_error(StoreErrorCode::Invalid, "a help request needs the step");
  return in_transaction(*db_, [&]() -> StoreResult<std::int64_t> {
    auto insert = db_->prepare("INSERT INTO help_requests(at_ms, step, matter_code) VALUES(?1, ?2, ?3) RETURNING id");
    if (!insert) return tl::unexpected(insert.error());
    insert->bind(1, unix_ms_now()).bind(2, step).bind(3, matter_code);
    auto row = insert->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return store_error(StoreErrorCode::Corrupt, "help request insert returned no row");
    const std::int64_t id = insert->column_int(0);
    if (auto done = insert->run(); !done) return tl::unexpected(done.error());
    if (auto ok = audit_in_tx("help_request", matter_code, step); !ok) return tl::unexpected(ok.error());
    return id;
  });
}

StoreResult<std::vector<HelpRequest>> Store::help_requests_since(std::int64_t since_ms, int limit) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT id, at_ms, step, matter_code FROM help_requests WHERE at_ms >= ?1 ORDER BY id DESC LIMIT ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, since_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<HelpRequest> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return out;
    out.push_back(HelpRequest{stmt->column_int(0), stmt->column_int(1), stmt->column_text(2), stmt->column_text(3)});
  }
}

StoreResult<std::int64_t> Store::help_request_count(std::int64_t since_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT count(*) FROM help_requests WHERE at_ms >= ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, since_ms);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return store_error(StoreErrorCode::Corrupt, "help request count returned no row");
  return stmt->column_int(0);
}

}  // namespace ow::store
