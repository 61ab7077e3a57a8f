// Exactly once: 1,000 submissions through the emulator while 30% of calls fail in every way the
// emulator can fail; the platform ends with each exactly once, with its blobs, and the kiosk with
// every submission acked under the platform's receipt number.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <set>

#include "offline_store/sync_engine.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;

TEST_CASE("1,000 submissions with 30% injected faults arrive exactly once, each with its blobs") {
  const auto dir = fresh_dir("once");
  const auto certs = make_certs(dir / "certs");
  Emulator emu({"--fail-rate", "0.08", "--retry-after", "0", "--drop-rate", "0.08", "--commit-then-drop", "0.1",
                "--slow-body", "0.04", "--slow-body-step", "1", "--seed", "7"},
               certs, false);

  constexpr int kCount = 1000;
  std::set<std::string> ids;
  const auto t0 = std::chrono::steady_clock::now();
  {
    StoreOptions o;
    o.data_dir = dir / "kiosk";
    auto store = Store::open(o).value();
    for (int i = 0; i < kCount; ++i) {
      SubmissionDraft d;
      d.id = "sub-" + std::to_string(i);
      d.kiosk_id = "K1";
      d.created_at = "2026-11-22T10:00:00+08:00";
      d.matter_code = i % 7 == 0 ? "B-NEWBORN" : "M1";
      d.is_bundle = i % 7 == 0;
      d.catalog_version = "12";
      d.form_json = nlohmann::json{{"n", i}}.dump();
      d.materials.push_back({"ID_COPY", "scan of submission " + std::to_string(i)});
      if (i % 3 == 0) d.signature_png = "signature " + std::to_string(i);
      REQUIRE(store->commit(d));
      ids.insert(d.id);
    }
  }

  const auto t1 = std::chrono::steady_clock::now();
  SyncConfig sc;
  sc.store.data_dir = dir / "kiosk";
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint("K1");
  sc.kiosk_id = "K1";
  sc.backoff_base = std::chrono::milliseconds(1);
  sc.backoff_cap = std::chrono::milliseconds(4);
  sc.heartbeat_interval = std::chrono::seconds(1);
  std::atomic<int> status_calls{0};
  sc.on_status = [&](const SyncStatus&) { ++status_calls; };
  {
    auto engine = SyncEngine::start(sc);
    REQUIRE(engine);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((*engine)->status().queue_depth > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto st = (*engine)->status();
    CHECK(st.queue_depth == 0);
    CHECK(st.rejected == 0);
    CHECK(st.last_success_ms.has_value());
  }
  CHECK(status_calls > 0);
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  MESSAGE("commit " << duration_cast<milliseconds>(t1 - t0).count() << " ms, drain "
                    << duration_cast<milliseconds>(std::chrono::steady_clock::now() - t1).count() << " ms");

  // The platform's side: exactly the 1,000, each once, each with every blob it references.
  const auto stats = emu.get("/admin/stats");
  CHECK(stats["created"] == kCount);
  CHECK(stats["submissions"] == kCount);
  CHECK(stats["conflicts"] == 0);
  CHECK(stats["replayed"].get<int>() > 0);  // commit-then-drop made the kiosk ask again
  for (const char* fault : {"dropped", "failed", "committed_then_dropped"}) CHECK(stats["faults"][fault].get<int>() > 0);
  const auto listed = emu.get("/admin/submissions")["submissions"];
  REQUIRE(listed.size() == static_cast<std::size_t>(kCount));
  std::map<std::string, std::string> receipt_of;
  for (const auto& s : listed) {
    CHECK(s["blobs_present"] == true);
    CHECK(s["blobs"].size() >= 1);
    CHECK(receipt_of.emplace(s["id"].get<std::string>(), s["receipt_no"].get<std::string>()).second);
  }
  std::set<std::string> platform_ids;
  for (const auto& [id, receipt] : receipt_of) platform_ids.insert(id);
  CHECK(platform_ids == ids);

  // The kiosk's side: all acked, each linked to the receipt the platform holds.
  StoreOptions o;
  o.data_dir = dir / "kiosk";
  auto store = Store::open(o).value();
  auto entries = store->list(std::nullopt, kCount + 10).value();
  REQUIRE(entries.size() == static_cast<std::size_t>(kCount));
  int mismatched = 0;
  for (const auto& e : entries) {
    CHECK(e.state == OutboxState::Acked);
    if (!e.platform_receipt_no || *e.platform_receipt_no != receipt_of[e.id]) ++mismatched;
  }
  CHECK(mismatched == 0);
  fs::remove_all(dir);
}
