// Issue 24 item 11: the engine's deadlines against a wall clock that is set ahead and corrected, or
// stepped back (injected clocks), and an acknowledgement the store failed to write after a 2xx.
#include <doctest/doctest.h>

#include "offline_store/sync_engine.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;
using namespace std::chrono_literals;

namespace {
constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;

// Both clocks, moved by the test only.
struct Clocks {
  std::int64_t wall = unix_ms_now();
  std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
  void advance(std::chrono::milliseconds d) {
    wall += d.count();
    steady += d;
  }
};

SyncConfig config_for(const fs::path& data, const Emulator& emu, Clocks& clocks) {
  SyncConfig sc;
  sc.store.data_dir = data;
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint("K1");
  sc.kiosk_id = "K1";
  sc.backoff_base = 1s;
  sc.backoff_cap = 10s;
  sc.heartbeat_interval = 60s;
  sc.purge_interval = 3600s;
  sc.retention.acked = 24h;
  sc.max_retry_after = 5s;  // the longest delay is then the cap, 10 s
  sc.seed = 3;
  sc.wall_now_ms = [&clocks] { return clocks.wall; };
  sc.steady_now = [&clocks] { return clocks.steady; };
  return sc;
}

std::int64_t heartbeats(const Emulator& emu) { return emu.get("/admin/stats")["heartbeats"].get<std::int64_t>(); }
}  // namespace

TEST_CASE("a wall clock set a year ahead, then corrected, delays a failed submission's retry by the longest backoff at most") {
  const auto dir = fresh_dir("clock-ahead");
  Emulator emu({"--gateway-status", "503", "--gateway-path", "/v1/submissions"}, dir, true);
  { REQUIRE(Store::open(dir / "kiosk").value()->commit(sample("c-1"))); }
  Clocks clocks;
  const std::int64_t real = clocks.wall;
  clocks.wall += kYearMs;  // a wrong time from a bad RTC or NTP server
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu, clocks)).value();
  pass->run(clocks.wall);
  REQUIRE(pass->store().find("c-1").value()->attempts == 1);  // 503: tried again later
  emu.gateway_fault(0);
  clocks.wall = real;  // corrected
  pass->run(clocks.wall);
  clocks.advance(11s);  // past the longest backoff
  pass->run(clocks.wall);
  CHECK(pass->store().find("c-1").value()->state == OutboxState::Acked);
  fs::remove_all(dir);
}

TEST_CASE("a wall clock stepped back does not stop heartbeats") {
  const auto dir = fresh_dir("clock-back");
  Emulator emu({}, dir, true);
  Clocks clocks;
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu, clocks)).value();
  pass->run(clocks.wall);
  CHECK(heartbeats(emu) == 1);
  clocks.wall -= 24 * 3600 * 1000;  // a day back
  clocks.advance(61s);
  const auto next = pass->run(clocks.wall);
  CHECK(heartbeats(emu) == 2);
  CHECK(next <= clocks.wall + 60000);  // and the next one is due within the interval
  fs::remove_all(dir);
}

TEST_CASE("a submission acknowledged while the clock was a year ahead is purged after its retention, not a year later") {
  const auto dir = fresh_dir("clock-purge");
  Emulator emu({}, dir, true);
  { REQUIRE(Store::open(dir / "kiosk").value()->commit(sample("p-1"))); }
  Clocks clocks;
  const std::int64_t real = clocks.wall;
  clocks.wall += kYearMs;
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu, clocks)).value();
  pass->run(clocks.wall);
  REQUIRE(pass->store().find("p-1").value()->state == OutboxState::Acked);
  clocks.wall = real;
  clocks.advance(61min);  // the next purge
  pass->run(clocks.wall);
  clocks.advance(25h);  // past the retention of a day
  pass->run(clocks.wall);
  CHECK(pass->store().find("p-1").value()->state == OutboxState::Purged);
  fs::remove_all(dir);
}

TEST_CASE("an acknowledgement the store could not write after a 2xx is written later in the same process") {
  const auto dir = fresh_dir("ack-retry");
  Emulator emu({}, dir, true);
  auto local = Store::open(dir / "kiosk").value();
  REQUIRE(local->commit(sample("a-1")));
  // The disk refuses the acknowledgement (as a full or failing disk would), and only that.
  REQUIRE(local->db().exec("CREATE TRIGGER refuse_ack BEFORE UPDATE OF state ON submissions WHEN NEW.state = 'acked' "
                           "BEGIN SELECT RAISE(ABORT, 'disk full'); END"));
  Clocks clocks;
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu, clocks)).value();
  pass->run(clocks.wall);
  CHECK(emu.get("/admin/stats")["created"] == 1);
  CHECK(pass->store().find("a-1").value()->state != OutboxState::Acked);
  REQUIRE(local->db().exec("DROP TRIGGER refuse_ack"));
  clocks.advance(11s);
  pass->run(clocks.wall);
  const auto e = pass->store().find("a-1").value();
  CHECK(e->state == OutboxState::Acked);
  CHECK(e->platform_receipt_no.has_value());
  CHECK(emu.get("/admin/stats")["created"] == 1);  // not sent twice
  fs::remove_all(dir);
}
