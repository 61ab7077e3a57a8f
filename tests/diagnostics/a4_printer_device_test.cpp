// The A4 printer (IPP) as a device of the device manager, against `ippeveprinter`: online from
// printer-state, the three health levels (internal without I/O, external asking the printer,
// interactive printing the kiosk's A4 test page), the "print A4 test page" action reaching the
// printer's spool as a PDF, and the printer switched off → no_device with failing checks.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "drivers/device_adapters.hpp"
#include "kiosk/maintenance/a4_test_page.hpp"
#include "tests/diagnostics/device_manager_fixture.hpp"
#include "tests/integration/ippeveprinter_process.hpp"

using namespace ow;
using namespace ow::drivers;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Polls every 50 ms; a lost device is retried after 200 ms, doubling up to 400 ms.
DeviceManagerConfig fast(const fs::path& dir) { return dmtest::fast_config(dir, 50ms, 200ms, 400ms); }

bool wait_state(DeviceManager& m, DeviceState want, std::chrono::seconds timeout) {
  return dmtest::wait_state(m, "a4", {want}, timeout);
}

HealthResult health(DeviceManager& m, HealthLevel level) { return dmtest::health(m, "a4", level, 30s); }

ActionResult action(DeviceManager& m, const std::string& id) { return dmtest::action(m, "a4", id, 30s); }

std::size_t pdfs_in(const fs::path& spool) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(spool)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    char magic[5] = {};
    in.read(magic, 5);
    if (std::string(magic, 5) == "%PDF-") ++n;
  }
  return n;
}

A4TestPage kiosk_test_page() {
  Config config;
  config.kiosk_id = "KIOSK-A4-TEST";
  config.hall_name = "测试镇便民服务中心";
  return [config](const fs::path& pdf) -> DeviceResult<void> {
    auto ok = maintenance::write_a4_test_page(config, pdf);
    if (!ok) return device_error(DeviceErrorCode::Unsupported, ok.error().message);
    return {};
  };
}

}  // namespace

TEST_CASE("A4 printer device: health at three levels, the test page action, and the printer switched off") {
  const TempDir dir("a4dev-levels");
  // The per-job command finishes at once (without one, ippeveprinter takes seconds "printing").
  test::IppEvePrinter server(dir.path / "ipp", "/bin/true");
  if (!server.ready()) {
    MESSAGE("skipped: " << server.why_not());
    return;
  }
  const DeviceSpec spec{"a4", "a4_printer", "ipp", server.config().uri, 0, 0, {{"idle_poll_ms", "200"}, {"poll_ms", "200"}}};
  AdapterServices services;
  services.a4_test_page = kiosk_test_page();
  auto adapter = make_adapter(spec, services);
  REQUIRE(adapter);
  DeviceManager m(fast(dir.path));
  m.add(spec, *adapter, "config");
  m.start();
  REQUIRE(wait_state(m, DeviceState::Online, 10s));
  CHECK(m.device("a4")->port == server.config().uri);

  const auto internal = health(m, HealthLevel::Internal);
  CHECK(internal.passed);
  CHECK(internal.text.find("online") != std::string::npos);
  const auto external = health(m, HealthLevel::External);
  CHECK(external.passed);
  CHECK(external.text.find("accepts PDF") != std::string::npos);

  // Interactive: the test page is printed; the technician looks at it.
  const auto interactive = health(m, HealthLevel::Interactive);
  INFO(interactive.text);
  CHECK(interactive.passed);
  CHECK(pdfs_in(server.spool()) == 1);

  const auto actions = m.actions("a4");
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].id == "a4_test_page");
  const auto printed = action(m, "a4_test_page");
  INFO(printed.text);
  CHECK(printed.passed);
  CHECK(printed.text.find("A4 test page printed") != std::string::npos);
  CHECK(pdfs_in(server.spool()) == 2);

  // Switched off: the idle refresh notices, and the checks that talk to it fail with the reason.
  server.kill_printer();
  REQUIRE(wait_state(m, DeviceState::NoDevice, 15s));
  CHECK_FALSE(health(m, HealthLevel::Internal).passed);
  const auto gone = health(m, HealthLevel::External);
  CHECK_FALSE(gone.passed);
  CHECK(gone.text.find("cannot connect") != std::string::npos);
  const auto refused = action(m, "a4_test_page");
  CHECK_FALSE(refused.passed);
  m.stop();
}

TEST_CASE("A4 printer device: a URI that is not ipp is refused; without a test page layout the check says so") {
  const TempDir dir("a4dev-refused");
  CHECK_FALSE(make_adapter(DeviceSpec{"a4", "a4_printer", "ipp", "/dev/usb/lp0", 0, 0, {}}));
  // Nothing listens on port 9 of loopback: the adapter still exists (the printer may come later).
  const DeviceSpec spec{"a4", "a4_printer", "ipp", "ipp://127.0.0.1:9/ipp/print", 0, 0, {{"idle_poll_ms", "200"}}};
  auto adapter = make_adapter(spec);
  REQUIRE(adapter);
  DeviceManager m(fast(dir.path));
  m.add(spec, *adapter, "config");
  m.start();
  CHECK(wait_state(m, DeviceState::NoDevice, 10s));
  const auto r = action(m, "a4_test_page");
  CHECK_FALSE(r.passed);
  CHECK(r.text.find("no A4 test page layout") != std::string::npos);
  m.stop();
}
