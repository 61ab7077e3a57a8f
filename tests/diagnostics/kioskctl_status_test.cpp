// `kioskctl status --json` and `kioskctl devices --json` against the documented schema: from the
// files when no kiosk runs, and live from a kiosk's control socket; `kioskctl health` both ways.
// `kioskctl help list` reads the 办不成事 reports from the store; `kioskctl help` is the tool's usage.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/maintenance/maintenance.hpp"
#include "kiosk/sync_setup.hpp"
#include "offline_store/store.hpp"
#include "tests/diagnostics/status_schema.hpp"
#include "tests/store/store_test_util.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
struct Out {
  int code = -1;
  std::string text;
};

// `with_stderr`: the technician's messages on stderr are read too.
Out run(const std::string& args, bool with_stderr = false) {
  Out o;
  FILE* p = popen((std::string(OW_KIOSKCTL_BIN) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
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

TEST_CASE("kioskctl help list: the 办不成事 reports with time, step, matter and kiosk id; --since keeps the recent ones") {
  const auto dir = sandbox();
  const std::string cfg = "--config " + (dir / "kiosk.toml").string();
  auto empty = run(cfg + " help list");
  CHECK(empty.code == 0);
  CHECK(empty.text.find("0 reports") != std::string::npos);
  {
    auto c = ow::load_config(dir / "kiosk.toml");
    REQUIRE(c);
    auto s = ow::store::Store::open(ow::store_options(*c));
    REQUIRE(s);
    REQUIRE((*s)->add_help_request("form", "1237030000430101150001020010001"));
    REQUIRE((*s)->add_help_request("home", ""));
    auto old = (*s)->db().prepare("INSERT INTO help_requests(at_ms, step, matter_code) VALUES(?1, 'materials', 'OLD')");
    REQUIRE(old);
    old->bind(1, ow::store::unix_ms_now() - std::int64_t{40} * 86'400'000);
    REQUIRE(old->run());
  }
  auto all = run(cfg + " help list --json");
  CHECK(all.code == 0);
  const auto doc = nlohmann::json::parse(all.text, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["kiosk_id"] == "KIOSK-CTL-1");
  CHECK(doc["count"] == 3);
  CHECK(doc["since"].is_null());
  REQUIRE(doc["reports"].size() == 3);
  CHECK(doc["reports"][0]["step"] == "materials");  // inserted last: newest id first
  CHECK(doc["reports"][1]["step"] == "home");
  CHECK(doc["reports"][1]["matter_code"] == "");
  CHECK(doc["reports"][2]["step"] == "form");
  CHECK(doc["reports"][2]["matter_code"] == "1237030000430101150001020010001");
  for (const auto& r : doc["reports"]) {
    CHECK(r["kiosk_id"] == "KIOSK-CTL-1");
    CHECK(r["at"].get<std::string>().size() >= 20);  // RFC 3339
    CHECK(r.size() == 4);                           // time, step, matter, kiosk: nothing else
  }

  auto recent = nlohmann::json::parse(run(cfg + " help list --json --since 30").text, nullptr, false);
  REQUIRE(recent.is_object());
  CHECK(recent["count"] == 2);
  CHECK(recent["reports"].size() == 2);
  CHECK(recent["since"].is_string());

  auto text = run(cfg + " help list --since 30");
  CHECK(text.code == 0);
  CHECK(text.text.find("2 reports in the last 30 days") != std::string::npos);
  CHECK(text.text.find("1237030000430101150001020010001") != std::string::npos);
  CHECK(text.text.find("KIOSK-CTL-1") != std::string::npos);
  CHECK(text.text.find("OLD") == std::string::npos);
  CHECK(run(cfg + " help list --since -1").code != 0);
  fs::remove_all(dir);
}

// The config tools/demo.sh writes: devices in their sections ([idcard], [printer], [face_camera]),
// no [[device]] table, the shipped sample catalog, an outbox the platform has acknowledged.
TEST_CASE("kioskctl status from the files of a demo-like config: every device, the outbox's last success, the catalog") {
  const auto dir = sandbox();
  std::ofstream(dir / "demo.toml") << "[kiosk]\nid = \"KIOSK-DEMO-0001\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n"
                                   << "[idcard]\nport = \"/dev/null-idcard\"\n[printer]\ntransport = \"tcp\"\naddress = \"127.0.0.1:1\"\n"
                                   << "[face_camera]\nsource = \"file:/nonexistent.jpg\"\n"
                                   << "[platform]\nurl = \"http://127.0.0.1:1\"\ninsecure_dev = true\n";
  const std::string cfg = "--config " + (dir / "demo.toml").string();
  {
    auto c = ow::load_config(dir / "demo.toml");
    REQUIRE(c);
    auto s = ow::store::Store::open(ow::store_options(*c));
    REQUIRE(s);
    REQUIRE((*s)->commit(ow::store::test::draft("d1")));
    REQUIRE((*s)->begin_sending(ow::store::ItemKind::Submission, "d1"));
    REQUIRE((*s)->ack(ow::store::ItemKind::Submission, "d1", 201, "P2026000001", "received", 1'780'000'000'000));
  }
  const auto doc = nlohmann::json::parse(run(cfg + " status --json").text, nullptr, false);
  REQUIRE(doc.is_object());
  check_schema(doc);
  CHECK(doc["source"] == "files");
  std::vector<std::string> names;
  for (const auto& d : doc["devices"]) names.push_back(d["name"]);
  CHECK(names == std::vector<std::string>{"idcard", "printer", "face_camera"});
  CHECK(doc["queue"]["states"]["acked"] == 1);
  // The platform answered when it acknowledged the submission, though no kiosk runs to say so.
  CHECK(doc["network"]["last_success_at"] == ow::maintenance::rfc3339_utc(1'780'000'000'000));
  CHECK(doc["catalog"]["version"] == "sample");  // what the kiosk serves without an installed package
  auto text = run(cfg + " status").text;
  CHECK(text.find("printer        receipt_printer") != std::string::npos);
  CHECK(text.find("catalog    version sample") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("kioskctl without a config says where it looked and how to give one; --config also after the command") {
  const auto dir = sandbox();
  auto missing = run("--config " + (dir / "nothere.toml").string() + " status", true);
  CHECK(missing.code == 2);
  CHECK(missing.text.find("no kiosk config at " + (dir / "nothere.toml").string()) != std::string::npos);
  CHECK(missing.text.find("kioskctl --config /path/to/kiosk.toml COMMAND") != std::string::npos);
  if (!fs::exists("/etc/onewindow/kiosk.toml")) {
    auto none = run("status", true);
    CHECK(none.code == 2);
    CHECK(none.text.find("no kiosk config at /etc/onewindow/kiosk.toml (the default; --config not given)") != std::string::npos);
  }
  auto after = run("status --json --config " + (dir / "kiosk.toml").string());
  const auto doc = nlohmann::json::parse(after.text, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["kiosk_id"] == "KIOSK-CTL-1");
  fs::remove_all(dir);
}

TEST_CASE("kioskctl help is the tool's usage, help COMMAND a command's; help list stays the reports") {
  auto usage = run("help");
  CHECK(usage.code == 0);
  CHECK(usage.text.find("Usage: kioskctl [OPTIONS] SUBCOMMAND") != std::string::npos);
  CHECK(usage.text.find("status") != std::string::npos);
  CHECK(usage.text.find("--config") != std::string::npos);
  auto status = run("help status");
  CHECK(status.code == 0);
  CHECK(status.text.find("Usage: kioskctl status") != std::string::npos);
  CHECK(run("help nosuch").code == 2);
}
