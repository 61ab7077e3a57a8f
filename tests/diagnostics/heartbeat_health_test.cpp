// The heartbeat carries the device manager's health summary: the platform emulator lists the kiosk
// as ok while its printer (devsim) answers, and under ?status=error once the printer is unplugged.
#include <doctest/doctest.h>

#include <fstream>
#include <thread>

#include "kiosk/maintenance/maintenance.hpp"
#include "offline_store/sync_engine.hpp"
#include "tests/integration/printer_sim_process.hpp"
#include "tests/integration/sync_fixture.hpp"
#include "tests/temp_dir.hpp"

using namespace std::chrono_literals;
using namespace ow;

namespace {
bool wait_state(maintenance::Maintenance& m, std::initializer_list<drivers::DeviceState> states) {
  for (int i = 0; i < 200; ++i) {
    if (auto v = m.devices().device("printer"))
      for (auto s : states)
        if (v->state == s) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}
}  // namespace

TEST_CASE("heartbeat health summary reaches the platform; kiosks with devices in error are listed") {
  const TempDir sandbox("sync-hb-health");
  const std::filesystem::path& dir = sandbox.path;
  synctest::Emulator emu({}, dir, true);
  ow::test::PrinterSimProcess sim(dir / "paper");
  REQUIRE(sim.running());

  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"K1\"\ndata_dir = \"data\"\n[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                    << "[[device]]\nname = \"printer\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\n"
                                    << "port = \"127.0.0.1:" << sim.port() << "\"\n"
                                    << "options = { idle_poll_ms = 100, connect_timeout_ms = 200 }\n";
  auto config = load_config(dir / "kiosk.toml");
  REQUIRE(config);
  maintenance::Options options;
  options.devices.usb = false;
  options.devices.poll_interval = 50ms;
  options.control_socket = false;
  auto m = maintenance::Maintenance::create(*config, {}, options);
  REQUIRE(m);
  (*m)->devices().start();
  REQUIRE(wait_state(**m, {drivers::DeviceState::Online}));

  store::SyncConfig sc;
  sc.store.data_dir = config->data_dir;
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint("K1");
  sc.kiosk_id = "K1";
  sc.heartbeat_interval = 0s;  // every pass
  sc.heartbeat_info = [raw = m->get()] {
    return nlohmann::json{{"version", "test"}, {"catalog_version", "1"}, {"devices", raw->heartbeat_devices()}};
  };
  auto pass = store::SyncPass::open(sc);
  REQUIRE(pass);
  (*pass)->run(store::unix_ms_now());
  auto ok = emu.get("/v1/kiosks?status=ok")["kiosks"];
  REQUIRE(ok.size() == 1);
  CHECK(ok[0]["kiosk_id"] == "K1");
  CHECK(emu.get("/v1/kiosks?status=error")["kiosks"].empty());

  sim.kill();  // the printer is unplugged
  REQUIRE(wait_state(**m, {drivers::DeviceState::Offline, drivers::DeviceState::NoDevice}));
  (*pass)->run(store::unix_ms_now() + 1000);
  const auto errors = emu.get("/v1/kiosks?status=error")["kiosks"];
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["kiosk_id"] == "K1");
  REQUIRE(errors[0]["device_errors"].size() == 1);
  CHECK(errors[0]["device_errors"][0] == "printer");
  CHECK(errors[0]["version"] == "test");
  pass->reset();
  m->reset();
}
