// `kioskctl status --json` and `kioskctl devices --json` against the documented schema: from the
// files when no kiosk runs, and live from a kiosk's control socket; `kioskctl health` both ways.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/maintenance/maintenance.hpp"
#include "tests/diagnostics/status_schema.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
struct Out {
  int code = -1;
  std::string text;
};

Out run(const std::string& args) {
  Out o;
  FILE* p = popen((std::string(OW_KIOSKCTL_BIN) + " " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return o;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.text.append(buf.data(), n);
  const int st = pclose(p);
  o.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return o;
}

fs::path sandbox() {
  auto d = fs::temp_directory_path() / ("ow-ctl-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d / "data");
  std::ofstream(d / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-CTL-1\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n"
                                  << "catalog_pubkey = \"none.pub\"\n[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                  << "[[device]]\nname = \"printer\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\n"
                                  << "port = \"127.0.0.1:1\"\noptions = { idle_poll_ms = 100, connect_timeout_ms = 100 }\n";
  return d;
}

void check_schema(const nlohmann::json& doc) {
  const auto problems = ow::test::schema_problems(doc);
  for (const auto& p : problems) INFO(p);
  CHECK(problems.empty());
}
}  // namespace

TEST_CASE("kioskctl status --json without a running kiosk reads the files and follows the schema") {
  const auto dir = sandbox();
  const std::string cfg = "--config " + (dir / "kiosk.toml").string();
  auto o = run(cfg + " status --json");
  const auto doc = nlohmann::json::parse(o.text, nullptr, false);
  REQUIRE(doc.is_object());
  check_schema(doc);
  CHECK(doc["source"] == "files");
  CHECK(doc["kiosk_id"] == "KIOSK-CTL-1");
  REQUIRE(doc["devices"].size() == 1);
  CHECK(doc["devices"][0]["state"].is_null());  // only the running kiosk knows
  CHECK(doc["queue"].is_object());              // the store was read directly
  CHECK(doc["ports"].is_null());

  auto devices = nlohmann::json::parse(run(cfg + " devices --json").text, nullptr, false);
  REQUIRE(devices.is_object());
  CHECK(devices["devices"] == doc["devices"]);

  // Health without the kiosk: kioskctl builds the driver itself; nothing listens on port 1.
  auto h = run(cfg + " health printer --level external --json");
  CHECK(h.code == 1);
  auto hj = nlohmann::json::parse(h.text, nullptr, false);
  REQUIRE(hj.is_object());
  CHECK(hj["passed"] == false);
  CHECK(run(cfg + " health nosuch").code == 2);
  fs::remove_all(dir);
}

TEST_CASE("kioskctl status --json from the running kiosk is live and follows the same schema") {
  const auto dir = sandbox();
  auto config = ow::load_config(dir / "kiosk.toml");
  REQUIRE(config);
  ow::maintenance::KioskLink link;
  link.catalog_version = [] { return std::string("7"); };
  ow::maintenance::Options options;
  options.devices.usb = false;
  auto m = ow::maintenance::Maintenance::create(*config, link, options);
  REQUIRE(m);
  (*m)->devices().start();
  std::this_thread::sleep_for(300ms);
  const std::string cfg = "--config " + (dir / "kiosk.toml").string();
  auto o = run(cfg + " status --json");
  CHECK(o.code == 1);  // the printer is in error: not all OK
  const auto doc = nlohmann::json::parse(o.text, nullptr, false);
  REQUIRE(doc.is_object());
  check_schema(doc);
  CHECK(doc["source"] == "kiosk");
  CHECK(doc["catalog"]["version"] == "7");
  CHECK(doc["ports"].is_object());  // the live kiosk's re-scan of serial, video and USB
  REQUIRE(doc["devices"].size() == 1);
  CHECK(doc["devices"][0]["state"] != "online");
  CHECK_FALSE(doc["summary"]["problems"].empty());
  auto text = run(cfg + " status");
  CHECK(text.text.find("live from the running kiosk") != std::string::npos);
  auto h = nlohmann::json::parse(run(cfg + " health printer --json").text, nullptr, false);
  REQUIRE(h.is_object());
  CHECK(h["level"] == "internal");
  CHECK(h["passed"] == false);
  m->reset();
  fs::remove_all(dir);
}
