#include <doctest/doctest.h>

#include <random>
#include <set>

#include "offline_store/platform_client.hpp"
#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"
#include "tests/store/store_test_util.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::draft_with_scan;
using ow::store::test::fresh_dir;

TEST_CASE("outbox: pending → sending → acked links the platform receipt to the local one") {
  const auto dir = fresh_dir("ack");
  auto store = Store::open(dir).value();
  const auto local = store->commit(draft("a1")).value().local_receipt_no;
  CHECK(store->due(ItemKind::Submission, 0, 10).value() == std::vector<std::string>{"a1"});
  REQUIRE(store->begin_sending(ItemKind::Submission, "a1"));
  CHECK(store->find("a1").value()->state == OutboxState::Sending);
  CHECK(store->due(ItemKind::Submission, 0, 10).value().empty());
  REQUIRE(store->ack(ItemKind::Submission, "a1", 201, "P2026000001", "received", 1000));
  auto entry = store->find("P2026000001").value();
  REQUIRE(entry);
  CHECK(entry->state == OutboxState::Acked);
  CHECK(entry->local_receipt_no == local);
  CHECK(entry->platform_status == "received");
  CHECK(store->find(local).value()->platform_receipt_no == "P2026000001");
  // Acking twice (a replayed answer after a crash) changes nothing.
  REQUIRE(store->ack(ItemKind::Submission, "a1", 200, "P-other", "received", 2000));
  CHECK(store->find("a1").value()->platform_receipt_no == "P2026000001");
  fs::remove_all(dir);
}

TEST_CASE("outbox: a send interrupted by a crash is requeued with the same id on restart") {
  const auto dir = fresh_dir("recover");
  {
    auto store = Store::open(dir).value();
    REQUIRE(store->commit(draft("r1")));
    REQUIRE(store->begin_sending(ItemKind::Submission, "r1"));
  }
  auto store = Store::open(dir).value();
  CHECK(store->due(ItemKind::Submission, unix_ms_now(), 10).value().empty());
  CHECK(store->recover_interrupted().value() == 1);
  CHECK(store->due(ItemKind::Submission, unix_ms_now(), 10).value() == std::vector<std::string>{"r1"});
  CHECK(store->recover_interrupted().value() == 0);
  fs::remove_all(dir);
}

TEST_CASE("outbox: retry_later waits, reject keeps the platform message, operator retry requeues") {
  const auto dir = fresh_dir("retry");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft("t1")));
  REQUIRE(store->commit(draft("t2")));
  REQUIRE(store->begin_sending(ItemKind::Submission, "t1"));
  REQUIRE(store->retry_later(ItemKind::Submission, "t1", 503, "submission: HTTP 503 busy", 5000, 1000));
  CHECK(store->due(ItemKind::Submission, 4999, 10).value() == std::vector<std::string>{"t2"});
  CHECK(store->due(ItemKind::Submission, 5000, 10).value().size() == 2);
  CHECK(store->next_due_ms().value() == 0);

  REQUIRE(store->begin_sending(ItemKind::Submission, "t2"));
  REQUIRE(store->reject(ItemKind::Submission, "t2", 400, "submission: HTTP 400 matter_code unknown", 2000));
  auto rejected = store->find("t2").value();
  CHECK(rejected->state == OutboxState::Rejected);
  CHECK(rejected->last_http_status == 400);
  CHECK(rejected->last_error == "submission: HTTP 400 matter_code unknown");
  auto stats = store->stats(10000).value();
  CHECK(stats.by_state[OutboxState::Rejected] == 1);
  CHECK(stats.queue_depth == 1);
  CHECK(stats.last_error == "submission: HTTP 400 matter_code unknown");

  REQUIRE(store->retry_now(rejected->local_receipt_no, 3000));
  CHECK(store->find("t2").value()->state == OutboxState::Pending);
  CHECK(store->retry_now("no-such-id", 3000).error().code == StoreErrorCode::NotFound);
  fs::remove_all(dir);
}

namespace {
std::int64_t count(Store& store, const std::string& sql) {
  auto stmt = store.db().prepare(sql).value();
  REQUIRE(stmt.step().value());
  return stmt.column_int(0);
}
std::set<std::string> ids_of(const std::vector<OutboxEntry>& entries) {
  std::set<std::string> ids;
  for (const auto& e : entries) ids.insert(e.id);
  return ids;
}
}  // namespace

TEST_CASE("outbox: a new submission stays out of the due and ID-hash indexes and is still due and found by ID number") {
  ow::store::test::FreshStore store("tail");
  const std::string person = "110101199003071234";
  auto with_id = [&](std::string id, std::string when = "2026-11-22T10:00:00+08:00") {
    auto d = draft(std::move(id), std::move(when));
    d.id_number = person;
    return d;
  };
  REQUIRE(store->commit(with_id("n1")));
  REQUIRE(store->commit(draft("n2")));
  REQUIRE(store->commit(with_id("n3")));
  // The commits wrote the row and its id only: no row meets either partial index's condition.
  CHECK(count(*store.store, "SELECT count(*) FROM submissions WHERE state = 'pending' AND next_attempt_ms > 0") == 0);
  CHECK(count(*store.store, "SELECT count(*) FROM submissions WHERE id_hash IS NOT NULL AND (state <> 'pending' OR next_attempt_ms > 0)") == 0);
  const auto now = unix_ms_now();
  CHECK(store->due(ItemKind::Submission, now, 10).value() == std::vector<std::string>{"n1", "n2", "n3"});
  CHECK(store->due(ItemKind::Submission, now, 2).value() == std::vector<std::string>{"n1", "n2"});
  CHECK(store->next_due_ms().value() == 0);
  CHECK(ids_of(store->find_by_id_number(person).value()) == std::set<std::string>{"n1", "n3"});

  // Dated before a receipt that exists (the clock went back): numbered in its own day, due at once
  // through the due index, since the tail only grows above the highest key.
  const auto back = store->commit(with_id("n4", "2026-11-21T23:59:00+08:00")).value();
  CHECK(back.local_receipt_no == "0001632500019");  // 2026-11-21, the first
  CHECK(store->find("n4").value()->next_attempt_ms == 1);
  CHECK(store->due(ItemKind::Submission, now, 10).value() == std::vector<std::string>{"n1", "n2", "n3", "n4"});
  CHECK(ids_of(store->find_by_id_number(person).value()) == std::set<std::string>{"n1", "n3", "n4"});

  // Once tried, a submission is in the indexes for good, even when told to retry "at 0".
  REQUIRE(store->begin_sending(ItemKind::Submission, "n1"));
  CHECK(ids_of(store->find_by_id_number(person).value()) == std::set<std::string>{"n1", "n3", "n4"});
  REQUIRE(store->retry_later(ItemKind::Submission, "n1", std::nullopt, "network down", 0, now));
  CHECK(store->find("n1").value()->next_attempt_ms == 1);
  CHECK(store->due(ItemKind::Submission, now, 10).value() == std::vector<std::string>{"n2", "n3", "n4", "n1"});
  CHECK(ids_of(store->find_by_id_number(person).value()) == std::set<std::string>{"n1", "n3", "n4"});

  // Another connection (the sync engine's) finds commits made after it last looked, also once it
  // has seen the tail empty.
  auto engine = Store::open(store.dir.path).value();
  const auto queued = engine->due(ItemKind::Submission, now, 10).value();
  CHECK(queued.size() == 4);
  for (const auto& id : queued)
    REQUIRE(engine->ack(ItemKind::Submission, id, 201, "P-" + id, "received", now));
  CHECK(engine->due(ItemKind::Submission, now, 10).value().empty());
  CHECK_FALSE(engine->next_due_ms().value());
  REQUIRE(store->commit(with_id("n5")));
  CHECK(engine->next_due_ms().value() == 0);
  CHECK(engine->due(ItemKind::Submission, now, 10).value() == std::vector<std::string>{"n5"});
  CHECK(ids_of(engine->find_by_id_number(person).value()) == std::set<std::string>{"n1", "n3", "n4", "n5"});
}

TEST_CASE("outbox: an evaluation goes out only after its submission is acked, with the platform receipt") {
  const auto dir = fresh_dir("eval");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft("s1")));
  REQUIRE(store->add_evaluation(EvaluationDraft{"e1", "s1", 5, {"fast"}, "很好", "2026-11-22T10:05:00+08:00"}));
  CHECK(store->add_evaluation(EvaluationDraft{"e2", "s1", 9, {}, "", ""}).error().code == StoreErrorCode::Invalid);
  CHECK(store->due(ItemKind::Evaluation, unix_ms_now(), 10).value().empty());
  REQUIRE(store->begin_sending(ItemKind::Submission, "s1"));
  REQUIRE(store->ack(ItemKind::Submission, "s1", 201, "P77", "received", unix_ms_now()));
  CHECK(store->due(ItemKind::Evaluation, unix_ms_now(), 10).value() == std::vector<std::string>{"e1"});
  auto item = store->begin_sending(ItemKind::Evaluation, "e1").value();
  const auto body = nlohmann::json::parse(item.body);
  CHECK(body["receipt_no"] == "P77");
  CHECK(body["level"] == 5);
  fs::remove_all(dir);
}

TEST_CASE("retention: purge deletes personal data and files once, keeps receipts resolvable, keeps shared blobs") {
  const auto dir = fresh_dir("purge");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft_with_scan("p1", "shared-scan")));
  auto p2 = draft_with_scan("p2", "shared-scan");
  REQUIRE(store->commit(p2));
  const auto shared = sha256_hex("shared-scan");
  for (const char* id : {"p1"}) {
    REQUIRE(store->begin_sending(ItemKind::Submission, id));
    REQUIRE(store->ack(ItemKind::Submission, id, 201, std::string("P-") + id, "received", 1000));
  }
  RetentionPolicy policy;
  policy.acked = std::chrono::seconds(1);
  CHECK(store->purge(policy, 1500).value().total() == 0);  // not old enough
  CHECK(store->purge(policy, 3000).value() == PurgeCounts{1, 0, 0});
  CHECK(store->purge(policy, 3000).value().total() == 0);  // idempotent
  auto purged = store->find("P-p1").value();
  REQUIRE(purged);
  CHECK(purged->state == OutboxState::Purged);
  CHECK(purged->attachment_count == 0);
  // p2 still pending: the scan they share stays, p1's own signature went.
  CHECK(store->blob_dir().contains(shared));
  CHECK_FALSE(store->blob_dir().contains(sha256_hex("PNG-signature-p1")));
  CHECK(store->blob_dir().contains(sha256_hex("PNG-signature-p2")));
  CHECK(store->find_by_id_number("110101199003071234").value().size() == 1);
  fs::remove_all(dir);
}

TEST_CASE("orphan attachment files are swept, referenced ones never") {
  const auto dir = fresh_dir("sweep");
  auto store = Store::open(dir).value();
  REQUIRE(store->commit(draft_with_scan("o1", "kept")));
  auto orphan = store->blob_dir().put("left by a crash before the row committed", *store->vault());
  REQUIRE(orphan);
  CHECK(store->sweep_orphans(std::chrono::seconds(3600)).value() == 0);  // young: maybe a commit in progress
  CHECK(store->sweep_orphans(std::chrono::seconds(0)).value() == 1);
  CHECK_FALSE(store->blob_dir().contains(*orphan));
  CHECK(store->blob_dir().contains(sha256_hex("kept")));
  fs::remove_all(dir);
}

TEST_CASE("schema: a v1 database is migrated, its rows sealed; an unknown state reads as corruption") {
  const auto dir = fresh_dir("migrate");
  fs::create_directories(dir);
  {
    auto db = SqliteDb::open(dir / "kiosk.db").value();
    REQUIRE(db->exec(R"sql(
      CREATE TABLE submissions (id TEXT PRIMARY KEY, local_receipt_no TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,
        created_at TEXT NOT NULL, matter_code TEXT NOT NULL, catalog_version TEXT NOT NULL, body BLOB NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending');
      CREATE TABLE receipt_sequence (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
      INSERT INTO submissions VALUES('old', 'K1-20261101-0001', 'K1', '2026-11-01T09:00:00+08:00', 'M1', '1',
        '{"form":{"phone":"13900000000"}}', 'pending');
      INSERT INTO receipt_sequence VALUES('20261101', 1);
      PRAGMA user_version=1;)sql"));
  }
  auto store = Store::open(dir).value();
  auto item = store->begin_sending(ItemKind::Submission, "old").value();
  CHECK(nlohmann::json::parse(item.body)["form"]["phone"] == "13900000000");
  auto next = store->commit(draft("new", "2026-11-01T10:00:00+08:00")).value();
  CHECK(next.local_receipt_no == "0001630500026");  // 2026-11-01, the second: the old row had the first
  CHECK(store->find("K1-20261101-0001").value()->id == "old");

  REQUIRE(store->db().exec("PRAGMA ignore_check_constraints=ON"));
  REQUIRE(store->db().exec("UPDATE submissions SET state = 'lost' WHERE id = 'new'"));
  auto broken = store->find("new");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == StoreErrorCode::Corrupt);
  fs::remove_all(dir);
}

TEST_CASE("backoff: full jitter stays within [0, min(cap, base·2^n)] and Retry-After parses both forms") {
  std::mt19937_64 rng(42);
  using ms = std::chrono::milliseconds;
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto d = full_jitter(ms(100), ms(1000), i % 8, rng);
    CHECK(d.count() >= 0);
    CHECK(d.count() <= std::min<std::int64_t>(1000, 100LL << (i % 8)));
    seen.insert(d.count());
  }
  CHECK(seen.size() > 100);  // actually random, not a fixed schedule
  CHECK(full_jitter(ms(100), ms(1000), 0, rng).count() <= 100);
  CHECK(parse_retry_after("7") == std::chrono::seconds(7));
  CHECK(parse_retry_after(" 0 ") == std::chrono::seconds(0));
  CHECK(parse_retry_after("99999999999") == std::chrono::seconds(86400));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == std::chrono::seconds(0));  // in the past
  CHECK_FALSE(parse_retry_after("soon"));
  CHECK_FALSE(parse_retry_after(""));
}
