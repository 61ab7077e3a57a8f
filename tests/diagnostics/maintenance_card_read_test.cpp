// The device page's "read a card" test against `devsim idcard` on a pty: the result shows the
// name and ID number masked (张*三, first 6 + last 4), the clear text reaches neither the log, the
// audit log nor the health text, the card does not start a citizen session, and the result is
// gone when the technician leaves. With the running kiosk's core attached: a card on the reader
// under maintenance mode starts no citizen session, and after maintenance it does again.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "drivers/device_adapters.hpp"
#include "drivers/idcard/reader.hpp"
#include "kiosk/composition.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/attach.hpp"
#include "kiosk/maintenance/maintenance.hpp"
#include "kiosk/sync_setup.hpp"
#include "offline_store/store.hpp"
#include "tests/integration/idcard_sim_process.hpp"

using namespace ow;
using namespace ow::maintenance;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
// The fixture card resident_male (assets/devsim/idcards.json).
constexpr const char* kName = "测试甲";
constexpr const char* kIdNumber = "110105198001011238";

template <class F>
bool settle(Maintenance& m, F done) {
  for (int i = 0; i < 1000; ++i) {
    m.update(std::chrono::steady_clock::now());
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

std::string field(const ActionOutput& out, const std::string& key) {
  for (const auto& [k, v] : out.fields)
    if (k == key) return v;
  return "(missing)";
}

// A fresh folder, and a kiosk config whose data lives there; no catalog updates.
Config config_in(const char* name) {
  const fs::path dir = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  Config c = default_config();
  c.data_dir = dir / "data";
  c.catalog_pubkey = dir / "none.pub";
  return c;
}

// No control socket, no USB scan, quick device polls, Argon2id at its minimum cost; the PIN set.
Options quick_options(const Config& c) {
  Options o;
  o.control_socket = false;
  o.devices.usb = false;
  o.devices.poll_interval = 20ms;
  o.pins.opslimit = 1;
  o.pins.memlimit = 8192;
  REQUIRE(TechnicianPins(c.data_dir, o.pins).set_pin("wang", "246810"));
  return o;
}
}  // namespace

TEST_CASE("read a card from the device page: masked on screen, never logged") {
  IdcardSimProcess sim;
  REQUIRE(sim.ok());
  const Config c = config_in("ow-mtcard");
  const Options o = quick_options(c);
  KioskLink link;
  link.citizen_idle = [] { return true; };
  auto created = Maintenance::create(c, link, o);
  REQUIRE(created);
  Maintenance& m = **created;

  // The reader as the kiosk runs it; a card it reads for a citizen would arrive here.
  std::atomic<int> citizen_reads{0};
  drivers::idcard::ReaderConfig rc;
  rc.transport.port = sim.first_path();
  rc.transport.baud = 115200;
  drivers::idcard::ReaderEvents events;
  events.card_read = [&](drivers::idcard::CardData) { ++citizen_reads; };
  drivers::idcard::Reader reader(rc, events);
  reader.start();
  m.devices().add(drivers::DeviceSpec{"idcard", "idcard", "serial", sim.first_path(), 0, 0, {}}, drivers::adapt(reader));
  m.devices().start();

  const auto now = std::chrono::steady_clock::now();
  m.begin_entry(now);
  for (char d : std::string("246810")) m.pin_digit(d, now);
  m.pin_submit(now);
  REQUIRE(settle(m, [&] { return m.active(); }));
  m.open_device("idcard");
  CHECK(m.camera_preview() == nullptr);
  const auto actions = m.device_actions();
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].id == "read_card");

  // The card lies on the reader before the test starts: nobody wants a card, so nothing reads it
  // until the technician's test does.
  REQUIRE(sim.command("place resident_male").rfind("ok", 0) == 0);
  const std::uint64_t log_from = log::recent(log::Level::Debug, 1).empty() ? 0 : log::recent(log::Level::Debug, 1).back().seq;
  m.run_action("read_card");
  CHECK(m.action_result().running);
  REQUIRE(settle(m, [&] { return !m.action_result().running; }));
  const auto r = m.action_result();
  INFO(r.text);
  REQUIRE(r.passed.value_or(false));
  const ActionOutput& out = m.action_output();
  CHECK(field(out, "name") == "测*甲");
  CHECK(field(out, "id_number") == "110105********1238");
  CHECK(field(out, "card_type") == "居民身份证");
  CHECK(field(out, "valid_to") == "2040-06-01");
  CHECK(citizen_reads == 0);
  CHECK(r.text.find(kIdNumber) == std::string::npos);
  CHECK(r.text.find(kName) == std::string::npos);

  // Nothing of the card in the log lines written meanwhile.
  for (const auto& line : log::recent(log::Level::Debug, 5000, log_from)) {
    CHECK(line.message.find(kIdNumber) == std::string::npos);
    CHECK(line.message.find("110105********1238") == std::string::npos);
    CHECK(line.message.find(kName) == std::string::npos);
  }

  // Leaving drops the shown result.
  m.leave("test");
  CHECK(m.action_output().fields.empty());
  created->reset();  // the worker finishes the audit writes
  reader.stop();

  auto s = store::Store::open(store_options(c));
  REQUIRE(s);
  auto st = (*s)->db().prepare("SELECT action || ' ' || ref || ' ' || detail FROM audit_log ORDER BY id");
  REQUIRE(st);
  std::string audit;
  while (auto row = st->step()) {
    if (!*row) break;
    audit += st->column_text(0) + "\n";
  }
  CHECK(audit.find("device.action idcard read_card") != std::string::npos);
  CHECK(audit.find("device.action_result idcard read_card passed") != std::string::npos);
  CHECK(audit.find(kIdNumber) == std::string::npos);
  CHECK(audit.find("1238") == std::string::npos);
  CHECK(audit.find(kName) == std::string::npos);
  CHECK(audit.find("测*甲") == std::string::npos);
  fs::remove_all(c.data_dir.parent_path());
}

TEST_CASE("under maintenance mode a card on the reader starts no citizen session; the card test still reads it") {
  IdcardSimProcess sim;
  REQUIRE(sim.ok());

  // The kiosk as it runs: AppCore drives the reader for citizens, maintenance is attached to it.
  Config c = config_in("ow-mtcard-core");
  c.voice = false;
  c.idcard.port = sim.link();
  auto created = compose(c);
  REQUIRE_MESSAGE(created, created.error().message);
  AppCore& core = **created;
  auto attached = Attached::attach(core, [] {}, quick_options(c));
  REQUIRE_MESSAGE(attached, attached.error().message);
  Maintenance& m = (*attached)->get();
  // The UI loop: both sides' worker results, until `done` or `rounds` × 10 ms.
  auto pump = [&](auto done, int rounds = 1000) {
    for (int i = 0; i < rounds; ++i) {
      const auto now = std::chrono::steady_clock::now();
      core.update(now);
      m.update(now);
      if (done()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  };
  REQUIRE(pump([&] { return core.entry().reader_status().state == drivers::DeviceState::Online; }));
  REQUIRE(core.screen() == ScreenId::Attract);

  const auto now = std::chrono::steady_clock::now();
  m.begin_entry(now);
  for (char d : std::string("246810")) m.pin_digit(d, now);
  m.pin_submit(now);
  REQUIRE(pump([&] { return m.active(); }));

  // The card lies down before the technician asks for it. The citizen side polls every 300 ms
  // on the attract screen; given several times that, it must not have taken the card.
  REQUIRE(sim.command("place resident_male").rfind("ok", 0) == 0);
  CHECK_FALSE(pump([&] { return core.screen() != ScreenId::Attract; }, 150));
  CHECK(core.screen() == ScreenId::Attract);
  CHECK_FALSE(core.session().data().identity.has_value());

  // The technician's test reads the card on demand, masked.
  m.open_device("idcard");
  m.run_action("read_card");
  REQUIRE(pump([&] { return !m.action_result().running; }));
  INFO(m.action_result().text);
  CHECK(m.action_result().passed.value_or(false));
  CHECK(field(m.action_output(), "id_number") == "110105********1238");
  CHECK(core.screen() == ScreenId::Attract);

  // A card read that reaches the core anyway (read just before maintenance began) is dropped.
  Identity id;
  id.source = IdentitySource::IdCard;
  id.name = kName;
  id.id_number = kIdNumber;
  core.on_event(event::CardRead{id.clone()}, std::chrono::steady_clock::now());
  CHECK(core.screen() == ScreenId::Attract);
  CHECK_FALSE(core.session().data().identity.has_value());

  // After maintenance, the next card placed starts a citizen session again.
  m.leave("test");
  REQUIRE(sim.command("remove").rfind("ok", 0) == 0);
  // The reader reads once per placement: it must see the card gone before the next one.
  REQUIRE(pump([&] { return !core.entry().reader_status().card_present; }));
  REQUIRE(sim.command("place resident_male").rfind("ok", 0) == 0);
  CHECK(pump([&] { return core.screen() == ScreenId::Consent; }));
  attached->reset();
  created->reset();
  fs::remove_all(c.data_dir.parent_path());
}
