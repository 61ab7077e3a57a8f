// Staged rollout as operators, kiosks and the platform live it (issue 23 item 7): matterpack signs a
// package with two rings (pilot now, everyone a day later) and publishes it to platform-emu; two
// kiosk cores with their sync engines, one in each ring, pull it. The pilot applies it, the other
// holds it until its ring is due (its clock moved a day on), and the emulator's fleet listing shows
// which kiosk runs which version at each stage — also after a technician's rollback.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <thread>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/composition.hpp"
#include "kiosk/maintenance/status_report.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow;
using ow::synctest::Emulator;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {
// A tool's exit code and everything it printed.
std::pair<int, std::string> run(const std::vector<std::string>& args) {
  std::string cmd;
  for (const auto& a : args) cmd += "'" + a + "' ";
  std::FILE* p = ::popen((cmd + "2>&1").c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[512];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, out};
}

// "2026-12-08T09:00+08:00": the moment `t` as Beijing time, written the way operators write it.
std::string beijing_minutes(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t + 8h);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M+08:00", &tm);
  return buf;
}

std::string expires_in_30_days() {
  const std::time_t later = std::time(nullptr) + 30 * 24 * 3600;
  std::tm tm{};
  gmtime_r(&later, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Kiosk {
  Config config;
  std::unique_ptr<AppCore> core;
  std::shared_ptr<std::atomic<std::int64_t>> ahead_s = std::make_shared<std::atomic<std::int64_t>>(0);

  // Runs catalog version 1 (installed as `kioskctl catalog apply` does), in `ring`.
  Kiosk(const fs::path& dir, const std::string& id, const std::string& ring, const std::string& url, const fs::path& keys,
        const std::string& v1) {
    config = default_config();
    config.kiosk_id = id;
    config.data_dir = dir / "data";
    config.voice = false;
    config.catalog_pubkey = keys / "catalog.pub";
    config.catalog_ring = ring;
    config.platform.url = url;
    config.platform.insecure_dev = true;
    config.platform.heartbeat_s = 1;
    config.platform.catalog_poll_s = 1;
    fs::create_directories(config.data_dir);
    auto key = catalog::load_public_key(config.catalog_pubkey);
    REQUIRE(key);
    catalog::Installer installer(config.data_dir / "catalog", *key, OW_VERSION);
    REQUIRE(installer.stage(v1, std::chrono::system_clock::now()));
    REQUIRE(installer.apply_staged());
    start();
  }
  void start() {
    auto created = compose(config);
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
    core->set_catalog_clock([ahead = ahead_s] { return std::chrono::system_clock::now() + std::chrono::seconds(ahead->load()); });
  }
  // As a night's reboot: the platform will not send the package again (its ETag is remembered).
  void restart() {
    core.reset();
    start();
  }
  std::string serving() const { return core->catalog().version; }
};

// Runs both kiosks' UI updates (on the attract screen: between sessions) until `done`, at most
// `rounds` × 10 ms (~20 s by default).
template <class Done>
bool pump(Kiosk& a, Kiosk& b, Done done, int rounds = 2000) {
  for (int i = 0; i < rounds; ++i) {
    const auto now = std::chrono::steady_clock::now();
    a.core->update(now);
    b.core->update(now);
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

json fleet_entry(const json& fleet, const std::string& id) {
  if (fleet.is_object() && fleet.contains("kiosks"))
    for (const auto& k : fleet["kiosks"])
      if (k.value("kiosk_id", "") == id) return k;
  return json();
}
}  // namespace

TEST_CASE("a two-ring rollout on the emulator") {
  const fs::path dir = fs::temp_directory_path() / ("ow-rollout-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path keys = dir / "keys";
  REQUIRE(run({OW_MATTERPACK_BIN, "keygen", "--out", keys.string()}).first == 0);
  const std::string key = (keys / "catalog.key").string(), expires = expires_in_30_days();
  REQUIRE(run({OW_MATTERPACK_BIN, "build", OW_SAMPLE_CATALOG, "--key", key, "--version", "1", "--expires", expires, "-o",
               (dir / "v1.pkg").string()})
              .first == 0);

  // Version 2: the pilot ring started an hour ago, everyone else's starts in a day.
  const auto now = std::chrono::system_clock::now();
  const std::string pilot_start = beijing_minutes(now - 1h), all_start = beijing_minutes(now + 24h);
  const auto [built, build_out] = run({OW_MATTERPACK_BIN, "build", OW_SAMPLE_CATALOG, "--key", key, "--version", "2", "--expires",
                                       expires, "--ring", "pilot=" + pilot_start, "--ring", "all=" + all_start, "-o",
                                       (dir / "v2.pkg").string()});
  INFO(build_out);
  REQUIRE(built == 0);
  const auto [verified, verify_out] = run({OW_MATTERPACK_BIN, "verify", (dir / "v2.pkg").string(), "--pub", (keys / "catalog.pub").string()});
  INFO(verify_out);
  REQUIRE(verified == 0);
  const std::string all_start_s = all_start.substr(0, 16) + ":00+08:00";
  CHECK(verify_out.find("ring pilot  from " + pilot_start.substr(0, 16) + ":00+08:00") != std::string::npos);
  CHECK(verify_out.find("ring all  from " + all_start_s) != std::string::npos);
  catalog::SysTime all_due;
  REQUIRE(catalog::parse_time(all_start_s, all_due));
  const std::string all_due_utc = catalog::format_time(all_due);

  Emulator emu({}, dir, true);
  const std::string v1 = read_all(dir / "v1.pkg");
  Kiosk pilot(dir / "pilot", "K1", "pilot", emu.url(), keys, v1);
  Kiosk everyone(dir / "all", "K2", "all", emu.url(), keys, v1);
  CHECK(pilot.serving() == "1");
  CHECK(everyone.serving() == "1");
  REQUIRE(run({OW_MATTERPACK_BIN, "publish", (dir / "v2.pkg").string(), "--platform", emu.url()}).first == 0);

  // Stage 1: the pilot applies version 2; the other kiosk has it, and holds it for its ring.
  REQUIRE(pump(pilot, everyone, [&] { return pilot.serving() == "2" && everyone.core->catalog_waiting().has_value(); }));
  const auto waiting = everyone.core->catalog_waiting();
  CHECK(waiting->version == 2);
  CHECK(waiting->ring == "all");
  REQUIRE(waiting->due);
  CHECK(*waiting->due == all_due);
  CHECK_FALSE(pilot.core->catalog_waiting());
  // Held, not just slow: many more polls and updates leave it as it is.
  pump(pilot, everyone, [] { return false; }, 300);  // three more polls and heartbeats
  CHECK(everyone.serving() == "1");

  // What the technician sees on the holding kiosk (the maintenance page, kioskctl status).
  const auto info = maintenance::read_catalog_info(everyone.config, everyone.core->catalog_version());
  CHECK(info.ring == "all");
  CHECK(info.waiting == 2);
  CHECK(info.waiting_ring == "all");
  CHECK(info.waiting_due == all_due_utc);

  json fleet;
  REQUIRE(pump(pilot, everyone, [&] {
    fleet = emu.get("/v1/fleet/catalog");
    return fleet_entry(fleet, "K1").value("catalog_version", json()) == "2" && fleet_entry(fleet, "K2")["pending"].is_object();
  }));
  INFO(fleet.dump());
  CHECK(fleet_entry(fleet, "K1")["ring"] == "pilot");
  CHECK(fleet_entry(fleet, "K1")["pending"].is_null());
  CHECK(fleet_entry(fleet, "K2")["catalog_version"] == "1");
  CHECK(fleet_entry(fleet, "K2")["ring"] == "all");
  CHECK(fleet_entry(fleet, "K2")["pending"] == json({{"version", 2}, {"ring", "all"}, {"due_at", all_due_utc}}));
  CHECK(fleet["versions"] == json({{"1", json::array({"K2"})}, {"2", json::array({"K1"})}}));
  CHECK(fleet_entry(fleet, "K2")["last_heartbeat_at"].is_string());

  // The holding kiosk restarts overnight: the package still waits, and is not applied early.
  everyone.restart();
  CHECK(everyone.serving() == "1");
  REQUIRE(everyone.core->catalog_waiting());
  CHECK(everyone.core->catalog_waiting()->version == 2);
  pump(pilot, everyone, [] { return false; }, 100);
  CHECK(everyone.serving() == "1");

  // Stage 2: a day later everyone's ring is due; the kiosk applies it between sessions.
  everyone.ahead_s->store(25 * 3600);
  REQUIRE(pump(pilot, everyone, [&] { return everyone.serving() == "2"; }));
  CHECK_FALSE(everyone.core->catalog_waiting());
  REQUIRE(pump(pilot, everyone, [&] {
    fleet = emu.get("/v1/fleet/catalog");
    return fleet["versions"] == json({{"2", json::array({"K1", "K2"})}});
  }));
  CHECK(fleet_entry(fleet, "K2")["pending"].is_null());

  // Stage 3: the technician rolls the second kiosk back; it serves 1 at once, says so, and does not
  // take 2 again although the platform still offers it.
  std::optional<bool> rolled;
  everyone.core->rollback_catalog([&](bool ok, std::string) { rolled = ok; });
  REQUIRE(pump(pilot, everyone, [&] { return rolled.has_value(); }));
  CHECK(*rolled);
  CHECK(everyone.serving() == "1");
  CHECK_FALSE(everyone.core->stage_catalog(read_all(dir / "v2.pkg")));
  REQUIRE(pump(pilot, everyone, [&] {
    fleet = emu.get("/v1/fleet/catalog");
    return fleet["versions"] == json({{"1", json::array({"K2"})}, {"2", json::array({"K1"})}});
  }));
  pump(pilot, everyone, [] { return false; }, 300);  // three more polls and heartbeats
  CHECK(everyone.serving() == "1");
  CHECK_FALSE(everyone.core->catalog_waiting());

  pilot.core.reset();
  everyone.core.reset();
  fs::remove_all(dir);
}

TEST_CASE("matterpack refuses rings whose starts do not rise, bad ring names, times without an offset, rings after the expiry") {
  const fs::path dir = fs::temp_directory_path() / ("ow-rollout-refused-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  REQUIRE(run({OW_MATTERPACK_BIN, "keygen", "--out", (dir / "keys").string()}).first == 0);
  const auto build = [&](std::vector<std::string> rings) {
    std::vector<std::string> args{OW_MATTERPACK_BIN, "build", OW_SAMPLE_CATALOG, "--key", (dir / "keys" / "catalog.key").string(),
                                  "--version", "3", "--expires", "2031-01-01", "-o", (dir / "v3.pkg").string()};
    for (auto& r : rings) args.insert(args.end(), {"--ring", r});
    return run(args);
  };
  const auto [backwards, why] = build({"pilot=2030-01-02T09:00+08:00", "all=2030-01-01T09:00+08:00"});
  CHECK(backwards != 0);
  CHECK(why.find("must rise") != std::string::npos);
  CHECK(build({"Pilot=2030-01-01T09:00+08:00"}).first != 0);
  CHECK(build({"pilot=2030-01-01T09:00"}).first != 0);
  CHECK(build({"pilot=2030-01-01T09:00+08:00", "all=2031-01-02T09:00+08:00"}).first != 0);  // after the expiry
  CHECK_FALSE(fs::exists(dir / "v3.pkg"));
  CHECK(build({"pilot=2030-01-01T09:00+08:00"}).first == 0);  // and the same build with a sound ring passes
  CHECK(fs::exists(dir / "v3.pkg"));
  fs::remove_all(dir);
}

TEST_CASE("the fleet listing goes through the emulator's fault injection like every v1 call") {
  const fs::path dir = fs::temp_directory_path() / ("ow-rollout-faults-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Emulator failing({"--fail-rate", "1"}, dir, true);
  CHECK(failing.get("/v1/fleet/catalog")["error"] == "injected");
  Emulator healthy({}, dir, true);
  const auto empty = healthy.get("/v1/fleet/catalog");
  CHECK(empty["kiosks"] == json::array());
  CHECK(empty["versions"] == json::object());
  fs::remove_all(dir);
}
