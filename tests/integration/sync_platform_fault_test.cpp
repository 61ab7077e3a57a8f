// Issue 24 item 10: a 401, 403, 404 or 413 from the platform's gateway is a fault of the platform or
// of the kiosk's configuration, not of the submission: the pass stops, the queue stays, the engine
// backs off and technicians are told (status, heartbeat); the queue drains once the fault clears.
#include <doctest/doctest.h>

#include "offline_store/sync_engine.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;

namespace {
SyncConfig config_for(const fs::path& data, const Emulator& emu) {
  SyncConfig sc;
  sc.store.data_dir = data;
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint("K1");
  sc.kiosk_id = "K1";
  // Long enough that an immediate second pass is still paused.
  sc.backoff_base = std::chrono::milliseconds(2000);
  sc.backoff_cap = std::chrono::milliseconds(4000);
  sc.heartbeat_interval = std::chrono::seconds(0);  // a heartbeat at every pass
  sc.seed = 7;
  return sc;
}

std::int64_t gateway_hits(const Emulator& emu) { return emu.get("/admin/stats")["faults"]["gateway"].get<std::int64_t>(); }

void commit_three(const fs::path& data) {
  auto store = Store::open(data).value();
  for (const char* id : {"s-1", "s-2", "s-3"}) REQUIRE(store->commit(sample(id)));
}
}  // namespace

TEST_CASE("a gateway's 401, 403, 404 or 413 on submissions stops the pass and keeps every submission queued") {
  for (const int status : {401, 403, 404, 413}) {
    CAPTURE(status);
    const auto dir = fresh_dir("gateway-" + std::to_string(status));
    Emulator emu({"--gateway-status", std::to_string(status), "--gateway-path", "/v1/blobs/"}, dir, true);
    commit_three(dir / "kiosk");
    auto sc = config_for(dir / "kiosk", emu);
    sc.heartbeat_interval = std::chrono::seconds(3600);  // the next pass is then the outbox's
    auto pass = SyncPass::open(std::move(sc)).value();
    const auto before = unix_ms_now();
    const auto next = pass->run(before);
    // One refused request, then nothing more in this pass.
    CHECK(gateway_hits(emu) == 1);
    for (const char* id : {"s-1", "s-2", "s-3"}) {
      CAPTURE(id);
      CHECK(pass->store().find(id).value()->state == OutboxState::Pending);
    }
    CHECK(pass->status().rejected == 0);
    CHECK(pass->status().queue_depth == 3);
    CHECK(next >= before + 2000);  // backs off
    CHECK(pass->status().platform_fault.find("HTTP " + std::to_string(status)) != std::string::npos);
    CHECK(pass->status().platform_fault_ms.has_value());
    // A pass right away sends nothing: the engine waits.
    pass->run(unix_ms_now());
    CHECK(gateway_hits(emu) == 1);
    fs::remove_all(dir);
  }
}

TEST_CASE("a kiosk id the certificate does not name (403) is a configuration fault: nothing is rejected") {
  const auto dir = fresh_dir("foreign");
  const auto certs = make_certs(dir / "certs");
  Emulator emu({}, certs, false);
  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("foreign-1", "K2")));
    REQUIRE(store->commit(sample("foreign-2", "K2")));
  }
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu)).value();
  pass->run(unix_ms_now());
  for (const char* id : {"foreign-1", "foreign-2"}) {
    CAPTURE(id);
    auto e = pass->store().find(id).value();
    CHECK(e->state == OutboxState::Pending);
  }
  CHECK(pass->store().find("foreign-1").value()->last_http_status == 403);
  CHECK(pass->store().find("foreign-2").value()->attempts == 0);
  CHECK(pass->status().rejected == 0);
  CHECK(pass->status().platform_fault.find("client certificate") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("once the gateway fault clears, the kept queue drains; the heartbeat that got through reported it") {
  const auto dir = fresh_dir("gateway-clears");
  Emulator emu({"--gateway-status", "401", "--gateway-path", "/v1/submissions"}, dir, true);
  commit_three(dir / "kiosk");
  auto sc = config_for(dir / "kiosk", emu);
  sc.backoff_base = std::chrono::milliseconds(50);
  sc.backoff_cap = std::chrono::milliseconds(100);
  auto pass = SyncPass::open(std::move(sc)).value();
  pass->run(unix_ms_now());
  CHECK(gateway_hits(emu) == 1);
  CHECK(pass->status().rejected == 0);
  REQUIRE_FALSE(pass->status().platform_fault.empty());
  // Heartbeats still get through the gateway: the next one tells the platform.
  pass->run(unix_ms_now());
  const auto reported = emu.get("/v1/kiosks")["kiosks"][0];
  REQUIRE(reported["platform_fault"].is_string());
  CHECK(reported["platform_fault"].get<std::string>().find("HTTP 401") != std::string::npos);
  emu.gateway_fault(0);
  for (int i = 0; i < 50 && pass->status().queue_depth > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    pass->run(unix_ms_now());
  }
  for (const char* id : {"s-1", "s-2", "s-3"}) {
    CAPTURE(id);
    CHECK(pass->store().find(id).value()->state == OutboxState::Acked);
  }
  CHECK(pass->status().platform_fault.empty());
  pass->run(unix_ms_now());
  CHECK(emu.get("/v1/kiosks")["kiosks"][0]["platform_fault"].is_null());
  fs::remove_all(dir);
}

TEST_CASE("a locked store (data key lost) sends nothing and purges nothing; its heartbeat tells the platform") {
  const auto dir = fresh_dir("store-locked");
  Emulator emu({}, dir, true);
  commit_three(dir / "kiosk");
  const fs::path key = dir / "kiosk" / "store.key";
  fs::rename(key, dir / "store.key.backup");
  auto sc = config_for(dir / "kiosk", emu);
  sc.store.open_locked = true;
  sc.heartbeat_interval = std::chrono::seconds(60);  // the first pass sends one (and would purge)
  {
    auto pass = SyncPass::open(sc).value();
    const auto before = unix_ms_now();
    const auto next = pass->run(before);
    CHECK(emu.get("/admin/stats")["created"] == 0);
    CHECK(pass->status().queue_depth == 3);
    CHECK(next > before);  // no busy loop over what cannot be sent
    const auto reported = emu.get("/v1/kiosks")["kiosks"][0];
    REQUIRE(reported["store_fault"].is_string());
    CHECK(reported["store_fault"].get<std::string>().find("store.key") != std::string::npos);
    CHECK(reported["queue_depth"] == 3);
    CHECK_FALSE(fs::exists(key));
  }
  // The technician restores the key: the same engine drains the queue and the fault is gone.
  fs::rename(dir / "store.key.backup", key);
  auto pass = SyncPass::open(sc).value();
  for (int i = 0; i < 20 && pass->status().queue_depth > 0; ++i) pass->run(unix_ms_now());
  for (const char* id : {"s-1", "s-2", "s-3"}) {
    CAPTURE(id);
    CHECK(pass->store().find(id).value()->state == OutboxState::Acked);
  }
  CHECK(emu.get("/v1/kiosks")["kiosks"][0]["store_fault"].is_null());
  fs::remove_all(dir);
}
