// Retention for every outbox state: acked, rejected and never-acked submissions each lose their
// personal data (sealed body, ID hash, attachments) after their own period, and leave a tombstone
// that still answers "purged" for the receipt number; ratings never wait for ever.
#include <doctest/doctest.h>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

using namespace ow::store;
using ow::store::test::draft_with_scan;
using ow::store::test::FreshStore;

namespace {
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

void reject_one(Store& store, const std::string& id, std::int64_t now_ms) {
  REQUIRE(store.begin_sending(ItemKind::Submission, id));
  REQUIRE(store.reject(ItemKind::Submission, id, 409, "duplicate", now_ms));
}

void ack_one(Store& store, const std::string& id, std::int64_t now_ms) {
  REQUIRE(store.begin_sending(ItemKind::Submission, id));
  REQUIRE(store.ack(ItemKind::Submission, id, 201, "P-" + id, "received", now_ms));
}

void check_tombstone(Store& store, const std::string& id) {
  CAPTURE(id);
  auto entry = store.find(id).value();
  REQUIRE(entry);
  CHECK(entry->state == OutboxState::Purged);
  CHECK(entry->attachment_count == 0);
  CHECK_FALSE(entry->last_error);
  CHECK(entry->local_receipt_no.size() == 13);  // the receipt still resolves
  CHECK_FALSE(store.blob_dir().contains(sha256_hex("scan-" + id)));
  CHECK_FALSE(store.blob_dir().contains(sha256_hex("PNG-signature-" + id)));
  auto sealed = store.db().prepare("SELECT body_sealed IS NULL AND id_hash IS NULL FROM submissions WHERE id = ?1");
  REQUIRE(sealed);
  sealed->bind(1, id);
  REQUIRE(sealed->step().value());
  CHECK(sealed->column_int(0) == 1);
}
}  // namespace

TEST_CASE("retention: rejected and never-acked submissions lose their personal data in the end") {
  FreshStore store("retention-states");
  REQUIRE(store->commit(draft_with_scan("r1", "scan-r1")));
  auto queued = draft_with_scan("q1", "scan-q1");
  queued.id_number = "110101199003075678";
  REQUIRE(store->commit(queued));
  REQUIRE(store->add_evaluation(EvaluationDraft{"e1", "r1", 2, {}, "说明不清楚", ""}));
  const auto now = unix_ms_now();
  reject_one(*store.store, "r1", now);
  // The rating of a rejected submission can never be sent: it must not wait for ever.
  CHECK(store->stats(now).value().evaluations_pending == 0);

  REQUIRE(store->purge(RetentionPolicy{}, now + 1000 * kDay));
  check_tombstone(*store.store, "r1");
  check_tombstone(*store.store, "q1");
  CHECK(store->find_by_id_number("110101199003071234").value().empty());
  CHECK(store->find_by_id_number("110101199003075678").value().empty());
  const auto stats = store->stats(now).value();
  CHECK(stats.by_state.at(OutboxState::Purged) == 2);
  CHECK(stats.purged_from == PurgeCounts{0, 1, 1});
  CHECK(stats.queue_depth == 0);
}

TEST_CASE("retention: each state waits for its own period, counted from its own moment") {
  FreshStore store("retention-periods");
  for (const char* id : {"a1", "r1", "q1"}) REQUIRE(store->commit(draft_with_scan(id, std::string("scan-") + id)));
  REQUIRE(store->add_evaluation(EvaluationDraft{"e1", "r1", 2, {}, "", ""}));
  const auto t0 = unix_ms_now();
  ack_one(*store.store, "a1", t0 + 10 * kDay);
  reject_one(*store.store, "r1", t0 + 20 * kDay);
  RetentionPolicy policy;  // the defaults: 7, 30 and 180 days

  // Day 16: the ack is 6 days old, the rejection not yet made.
  CHECK(store->purge(policy, t0 + 16 * kDay).value().total() == 0);
  // Day 18: the acked one goes; the rejection (day 20) and the queued one (day 0) stay.
  CHECK(store->purge(policy, t0 + 18 * kDay).value() == PurgeCounts{1, 0, 0});
  check_tombstone(*store.store, "a1");
  CHECK(store->find("P-a1").value()->state == OutboxState::Purged);
  // Day 49: 29 days after the rejection: kept, so a technician can still retry it.
  CHECK(store->purge(policy, t0 + 49 * kDay).value().total() == 0);
  CHECK(store->find("r1").value()->state == OutboxState::Rejected);
  // Day 51: the rejected one goes, with its rating.
  CHECK(store->purge(policy, t0 + 51 * kDay).value() == PurgeCounts{0, 1, 0});
  check_tombstone(*store.store, "r1");
  auto rating = store->db().prepare("SELECT state, body_sealed IS NULL FROM evaluations WHERE id = 'e1'");
  REQUIRE(rating);
  REQUIRE(rating->step().value());
  CHECK(rating->column_text(0) == "purged");
  CHECK(rating->column_int(1) == 1);
  // Day 179: the never-acked one still waits (its citizen holds a receipt); day 181 it goes.
  CHECK(store->purge(policy, t0 + 179 * kDay).value().total() == 0);
  CHECK(store->find("q1").value()->state == OutboxState::Pending);
  CHECK(store->purge(policy, t0 + 181 * kDay).value() == PurgeCounts{0, 0, 1});
  check_tombstone(*store.store, "q1");
  CHECK(store->due(ItemKind::Submission, t0 + 181 * kDay, 10).value().empty());  // never sent without a body
}

TEST_CASE("retention: retrying a rejected submission requeues its rating and restarts nothing early") {
  FreshStore store("retention-retry");
  REQUIRE(store->commit(draft_with_scan("r1", "scan-r1")));
  REQUIRE(store->add_evaluation(EvaluationDraft{"e1", "r1", 4, {}, "", ""}));
  const auto now = unix_ms_now();
  reject_one(*store.store, "r1", now);
  CHECK(store->stats(now).value().evaluations_pending == 0);
  REQUIRE(store->retry_now("r1", now));
  CHECK(store->stats(now).value().evaluations_pending == 1);
  ack_one(*store.store, "r1", now);
  CHECK(store->due(ItemKind::Evaluation, now, 10).value() == std::vector<std::string>{"e1"});
  // Acked now: the rejection's clock no longer counts.
  CHECK(store->purge(RetentionPolicy{}, now + 6 * kDay).value().total() == 0);
}

TEST_CASE("retention: a v6 store's rejected rows get their rejection time, and their waiting ratings are rejected") {
  TempDir dir("store-retention-v6");
  const auto now = unix_ms_now();
  {
    auto store = Store::open(dir.path).value();
    REQUIRE(store->commit(draft_with_scan("r1", "scan-r1")));
    REQUIRE(store->add_evaluation(EvaluationDraft{"e1", "r1", 1, {}, "", ""}));
    // As v6 left it: rejected, its rating pending, no v7 columns.
    REQUIRE(store->db().exec("UPDATE submissions SET state = 'rejected', committed_ms = 1000;"
                             "INSERT INTO attempts(at_ms, kind, ref, http_status) VALUES(5000, 'submission', 'r1', 409);"
                             "ALTER TABLE submissions DROP COLUMN rejected_ms; ALTER TABLE submissions DROP COLUMN purged_from;"
                             "ALTER TABLE submissions DROP COLUMN id_tail_hash; ALTER TABLE evaluations DROP COLUMN rejected_ms;"
                             "PRAGMA user_version = 6;"));
  }
  auto store = Store::open(dir.path).value();
  CHECK(store->stats(now).value().evaluations_pending == 0);
  auto row = store->db().prepare("SELECT s.rejected_ms, e.state, e.rejected_ms FROM submissions s JOIN evaluations e ON e.submission_id = s.id");
  REQUIRE(row);
  REQUIRE(row->step().value());
  CHECK(row->column_int(0) == 5000);
  CHECK(row->column_text(1) == "rejected");
  CHECK(row->column_int(2) == 5000);
  RetentionPolicy policy;
  CHECK(store->purge(policy, 5000 + 31 * kDay).value() == PurgeCounts{0, 1, 0});
}
