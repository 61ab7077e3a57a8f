// A technician's catalog rollback takes effect at once: with no citizen session the kiosk serves
// the previous version immediately (no restart), during a session only once it ends; both audited.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "kiosk/composition.hpp"
#include "kiosk/catalog/package.hpp"
#include "kiosk/maintenance/attach.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/worker.hpp"
#include "offline_store/store.hpp"

using namespace ow;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
  fs::path dir = fs::temp_directory_path() / ("ow-rollback-" + std::to_string(getpid()));
  Config config;
  std::unique_ptr<AppCore> core;
  std::unique_ptr<maintenance::Attached> mt;

  // Versions 1 and 2 of the sample catalog installed, 2 current, as after two updates.
  Kiosk() {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    config = default_config();
    config.data_dir = dir / "data";
    config.voice = false;
    config.catalog_pubkey = dir / "catalog.pub";
    const auto keys = catalog::generate_keypair();
    REQUIRE(catalog::save_keypair(keys, dir));
    auto files = catalog::content_from_dir(config.catalog_file);
    REQUIRE(files);
    catalog::Installer installer(config.data_dir / "catalog", keys.pub, OW_VERSION);
    for (std::int64_t v : {1, 2}) {
      catalog::Manifest m;
      m.version = v;
      m.created = "2025-06-01T00:00:00Z";
      m.expires = "2099-01-01T00:00:00Z";
      m.min_kiosk_version = "0.0.1";
      m.title = "v" + std::to_string(v);
      REQUIRE(installer.stage(catalog::build_package(m, *files, keys.secret), std::chrono::system_clock::now()));
      REQUIRE(installer.apply_staged());
    }
    auto created = compose(config);
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
    maintenance::Options o;
    o.control_socket = false;
    o.devices.usb = false;
    o.pins.opslimit = 1;
    o.pins.memlimit = 8192;
    auto attached = maintenance::Attached::attach(*core, [] {}, o);
    REQUIRE_MESSAGE(attached, attached.error().message);
    mt = std::move(*attached);
    REQUIRE(maintenance::TechnicianPins(config.data_dir, o.pins).set_pin("wang", "246810"));
  }
  ~Kiosk() {
    mt.reset();
    core.reset();
    fs::remove_all(dir);
  }

  maintenance::Maintenance& m() { return mt->get(); }

  // Runs the UI loop's updates until `done` (worker results arrive asynchronously).
  template <class F>
  bool settle(F done) {
    for (int i = 0; i < 500; ++i) {
      const auto now = std::chrono::steady_clock::now();
      core->update(now);
      m().update(now);
      if (done()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  void enter() {
    const auto now = std::chrono::steady_clock::now();
    m().begin_entry(now);
    for (char d : std::string("246810")) m().pin_digit(d, now);
    m().pin_submit(now);
    REQUIRE(settle([&] { return m().active(); }));
  }

  std::string audit() {
    mt.reset();  // its worker finishes the audit writes
    auto s = store::Store::open(store_options(config));
    REQUIRE(s);
    auto st = (*s)->db().prepare("SELECT action || ' ' || detail FROM audit_log ORDER BY id");
    REQUIRE(st);
    std::string out;
    while (auto row = st->step()) {
      if (!*row) break;
      out += st->column_text(0) + "\n";
    }
    return out;
  }
};

}  // namespace

TEST_CASE("rollback with no citizen session: the previous catalog is served at once") {
  Kiosk k;
  CHECK(k.core->catalog().version == "2");
  const int generation = k.core->catalog_generation();
  k.enter();
  k.m().go(maintenance::Page::Catalog);
  CHECK(k.m().catalog_info().previous == 1);
  k.m().rollback_catalog();
  REQUIRE(k.settle([&] { return !k.m().catalog_message().empty(); }));
  INFO(k.m().catalog_message());
  CHECK(k.core->catalog().version == "1");  // served now, without a restart
  CHECK(k.core->catalog_generation() == generation + 1);
  CHECK(k.m().catalog_message().find("served now") != std::string::npos);
  CHECK(k.m().catalog_info().previous == 0);
  const std::string audit = k.audit();
  CHECK(audit.find("catalog.rollback requested") != std::string::npos);
  CHECK(audit.find("catalog.rollback_result catalog version 1 is current and served now") != std::string::npos);
}

TEST_CASE("rollback during a citizen session: served when the session ends, not under the citizen") {
  Kiosk k;
  auto now = std::chrono::steady_clock::now();
  std::string message;
  k.core->dispatch(intent::Start{}, now);
  REQUIRE(k.core->screen() != ScreenId::Attract);
  k.core->rollback_catalog([&](bool ok, std::string text) {
    CHECK(ok);
    message = std::move(text);
  });
  REQUIRE(k.settle([&] { return !message.empty(); }));
  CHECK(message.find("when the citizen's session ends") != std::string::npos);
  CHECK(k.core->catalog().version == "2");  // the citizen keeps the catalog they started with
  k.core->dispatch(intent::Cancel{}, now);
  k.core->dispatch(intent::CancelConfirmed{}, now);
  REQUIRE(k.settle([&] { return k.core->screen() == ScreenId::Attract && k.core->catalog().version == "1"; }));
}

TEST_CASE("rollback with nothing to roll back to says so and changes nothing") {
  Kiosk k;
  std::string first, second;
  bool second_ok = true;
  k.core->rollback_catalog([&](bool, std::string text) { first = std::move(text); });
  REQUIRE(k.settle([&] { return !first.empty(); }));
  CHECK(k.core->catalog().version == "1");
  k.core->rollback_catalog([&](bool ok, std::string text) {
    second_ok = ok;
    second = std::move(text);
  });
  REQUIRE(k.settle([&] { return !second.empty(); }));
  CHECK_FALSE(second_ok);
  CHECK(k.core->catalog().version == "1");
}

TEST_CASE("kioskctl's status reads the served catalog's version on the control socket's thread, also after a rollback") {
  Kiosk k;
  // The control socket's thread asks while the UI thread (this one) owns and replaces the catalog;
  // with thread checks on, a read of the catalog itself from there aborts.
  Worker control_socket;  // one thread, as the control server has: its store connection stays there
  auto status_version = [&] {
    std::promise<nlohmann::json> answer;
    control_socket.post([&] { answer.set_value(k.m().handle_request({{"cmd", "status"}})); });
    return answer.get_future().get()["status"]["catalog"]["version"];
  };
  CHECK(status_version() == "2");
  std::string message;
  k.core->rollback_catalog([&](bool, std::string text) { message = std::move(text); });
  REQUIRE(k.settle([&] { return !message.empty(); }));
  CHECK(k.core->catalog().version == "1");
  CHECK(status_version() == "1");
}

TEST_CASE("kioskctl catalog rollback over the control socket: the running kiosk rolls back and serves the previous version at once") {
  Kiosk k;
  Worker control_socket;  // the control server's one thread
  std::promise<nlohmann::json> answer;
  auto future = answer.get_future();
  control_socket.post([&] { answer.set_value(k.m().handle_request({{"cmd", "catalog_rollback"}})); });
  // The kiosk's UI thread (this one) does the rollback's last step; the socket's thread waits for it.
  REQUIRE(k.settle([&] { return future.wait_for(0ms) == std::future_status::ready; }));
  const auto a = future.get();
  INFO(a.dump());
  CHECK(a["ok"] == true);
  CHECK(a["message"].get<std::string>().find("served now") != std::string::npos);
  CHECK(k.core->catalog().version == "1");
  CHECK(k.core->catalog_version() == "1");  // what the heartbeat reports
  const std::string audit = k.audit();
  INFO(audit);
  CHECK(audit.find("catalog.rollback requested by kioskctl") != std::string::npos);
  CHECK(audit.find("catalog.rollback_result catalog version 1 is current and served now") != std::string::npos);
}
