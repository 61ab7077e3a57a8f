// Maintenance mode without a screen: PIN hashes and the persisted lockout, entry refused during a
// citizen session, the maintenance session's idle timeout, audit entries, the status document and
// the control socket.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/maintenance/control_server.hpp"
#include "kiosk/maintenance/maintenance.hpp"
#include "kiosk/sync_setup.hpp"
#include "offline_store/store.hpp"
#include "tests/temp_dir.hpp"

using namespace ow;
using namespace ow::maintenance;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
// Argon2id at libsodium's minimum cost: the tests check the logic, not the cost.
PinPolicy fast_pins() {
  PinPolicy p;
  p.opslimit = 1;
  p.memlimit = 8192;
  return p;
}

Config config_in(const fs::path& dir) {
  Config c = default_config();
  c.data_dir = dir / "data";
  c.catalog_pubkey = dir / "none.pub";
  fs::create_directories(c.data_dir);
  return c;
}

Options fast_options() {
  Options o;
  o.pins = fast_pins();
  o.devices.usb = false;
  o.devices.poll_interval = 20ms;
  return o;
}

// Drives update() until `done` or a timeout (worker results arrive asynchronously).
template <class F>
bool settle(Maintenance& m, F done) {
  for (int i = 0; i < 300; ++i) {
    m.update(std::chrono::steady_clock::now());
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

std::vector<std::string> audit_actions(const Config& c) {
  auto s = store::Store::open(store_options(c));
  REQUIRE(s);
  auto st = (*s)->db().prepare("SELECT action, actor FROM audit_log ORDER BY id");
  REQUIRE(st);
  std::vector<std::string> out;
  while (auto row = st->step()) {
    if (!*row) break;
    out.push_back(st->column_text(0) + "/" + st->column_text(1));
  }
  return out;
}
}  // namespace

TEST_CASE("PINs are stored as Argon2id hashes in a 0600 file") {
  const TempDir sandbox("mt-hash");
  const fs::path& dir = sandbox.path;
  TechnicianPins pins(dir, fast_pins());
  CHECK_FALSE(pins.has_pins());
  CHECK_FALSE(pins.set_pin("wang", "12a456"));  // digits only
  CHECK_FALSE(pins.set_pin("wang", "123"));     // too short
  REQUIRE(pins.set_pin("wang", "246810"));
  REQUIRE(pins.set_pin("li", "135790"));
  std::ifstream in(pins.pin_file());
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.find("246810") == std::string::npos);
  CHECK(text.find("$argon2id$") != std::string::npos);
  struct stat st{};
  REQUIRE(stat(pins.pin_file().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const auto now = unix_now();
  auto r = pins.verify("li", "135790", now);
  CHECK(r.outcome == PinOutcome::Accepted);
  CHECK(r.technician == "li");
  CHECK(pins.verify("li", "000000", now).outcome == PinOutcome::Wrong);
}

TEST_CASE("5 wrong PINs lock entry for 5 minutes, across a restart") {
  const TempDir sandbox("mt-lockout");
  const fs::path& dir = sandbox.path;
  const std::int64_t t0 = 1'800'000'000;
  {
    TechnicianPins pins(dir, fast_pins());
    REQUIRE(pins.set_pin("wang", "246810"));
    for (int i = 1; i <= 4; ++i) {
      auto r = pins.verify("wang", "111111", t0 + i);
      CHECK(r.outcome == PinOutcome::Wrong);
      CHECK(r.attempts_left == 5 - i);
    }
    auto fifth = pins.verify("wang", "111111", t0 + 5);
    CHECK(fifth.outcome == PinOutcome::Locked);
    REQUIRE(fifth.locked_until);
    CHECK(*fifth.locked_until == t0 + 5 + 300);
  }
  TechnicianPins again(dir, fast_pins());  // a restarted kiosk
  // Even the right PIN is refused while locked.
  CHECK(again.verify("wang", "246810", t0 + 100).outcome == PinOutcome::Locked);
  CHECK(again.locked_until(t0 + 304).has_value());
  CHECK(again.verify("wang", "246810", t0 + 306).outcome == PinOutcome::Accepted);
  // The count starts again after the lockout.
  CHECK(again.verify("wang", "111111", t0 + 400).attempts_left == 4);
}

TEST_CASE("PIN entry fails closed when the lockout state cannot be written") {
  const TempDir sandbox("mt-fail-closed");
  const fs::path& dir = sandbox.path;
  TechnicianPins pins(dir, fast_pins());
  REQUIRE(pins.set_pin("wang", "246810"));
  // The lockout file cannot be replaced: stands for a read-only remount or a full disk (the tests
  // run as root, which file modes do not stop).
  fs::create_directories(dir / "technician_lockout" / "in-the-way");
  const std::int64_t t0 = 1'800'000'000;
  for (int i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(pins.verify("wang", "111111", t0 + i).outcome != PinOutcome::Wrong);  // no free guesses
  }
  CHECK(pins.verify("wang", "246810", t0 + 10).outcome != PinOutcome::Accepted);
}

TEST_CASE("each lockout in a row lasts longer: 5, 15, then 60 minutes; a right PIN starts over") {
  const TempDir sandbox("mt-escalate");
  const fs::path& dir = sandbox.path;
  REQUIRE(TechnicianPins(dir, fast_pins()).set_pin("wang", "246810"));
  // Five wrong PINs from `t` on (a restarted kiosk each time); how long entry is then locked.
  auto lock_out = [&](std::int64_t t) -> std::int64_t {
    TechnicianPins pins(dir, fast_pins());
    PinCheck r;
    for (int i = 0; i < 5; ++i) r = pins.verify("wang", "111111", t + i);
    REQUIRE(r.outcome == PinOutcome::Locked);
    REQUIRE(r.locked_until);
    return *r.locked_until - (t + 4);
  };
  std::int64_t t = 1'800'000'000;
  CHECK(lock_out(t) == 300);
  t += 400;
  CHECK(lock_out(t) == 900);
  t += 1000;
  CHECK(lock_out(t) == 3600);
  t += 3700;
  CHECK(lock_out(t) == 3600);
  t += 3700;
  CHECK(TechnicianPins(dir, fast_pins()).verify("wang", "246810", t).outcome == PinOutcome::Accepted);
  CHECK(lock_out(t + 1) == 300);
}

TEST_CASE("a lockout written while the clock ran ahead ends soon after the clock is put right") {
  const TempDir sandbox("mt-clock-ahead");
  const fs::path& dir = sandbox.path;
  const std::int64_t ahead = 1'900'000'000, right = 1'800'000'000;  // three years apart
  {
    TechnicianPins pins(dir, fast_pins());
    REQUIRE(pins.set_pin("wang", "246810"));
    for (int i = 0; i < 5; ++i) pins.verify("wang", "111111", ahead + i);
  }
  TechnicianPins again(dir, fast_pins());  // restarted after the clock was corrected
  const auto until = again.locked_until(right);
  REQUIRE(until);
  CHECK(*until <= right + 300);
  CHECK(again.verify("wang", "246810", right + 301).outcome == PinOutcome::Accepted);
}

TEST_CASE("while the kiosk runs, a lockout lasts its time even if the clock jumps forward") {
  const TempDir sandbox("mt-monotonic");
  const fs::path& dir = sandbox.path;
  TechnicianPins pins(dir, fast_pins());
  REQUIRE(pins.set_pin("wang", "246810"));
  const std::int64_t t0 = 1'800'000'000;
  for (int i = 0; i < 5; ++i) pins.verify("wang", "111111", t0);
  CHECK(pins.verify("wang", "246810", t0 + 3600).outcome == PinOutcome::Locked);
  CHECK(pins.locked_until(t0 + 3600).has_value());
}

TEST_CASE("each attempt checks the chosen technician's PIN only") {
  const TempDir sandbox("mt-one-hash");
  const fs::path& dir = sandbox.path;
  TechnicianPins pins(dir, fast_pins());
  REQUIRE(pins.set_pin("wang", "246810"));
  REQUIRE(pins.set_pin("li", "135790"));
  CHECK(pins.technicians() == std::vector<std::string>{"wang", "li"});
  const auto now = unix_now();
  CHECK(pins.verify("wang", "135790", now).outcome == PinOutcome::Wrong);  // li's PIN does not open wang's entry
  CHECK(pins.verify("zhao", "135790", now).outcome == PinOutcome::Wrong);  // nobody of that name
  const auto r = pins.verify("li", "135790", now);
  CHECK(r.outcome == PinOutcome::Accepted);
  CHECK(r.technician == "li");
}

TEST_CASE("with several technicians the keypad asks who signs in; a disk that takes no writes refuses entry") {
  const TempDir sandbox("mt-choose");
  const fs::path& dir = sandbox.path;
  const Config c = config_in(dir);
  REQUIRE(TechnicianPins(c.data_dir, fast_pins()).set_pin("wang", "246810"));
  REQUIRE(TechnicianPins(c.data_dir, fast_pins()).set_pin("li", "135790"));
  KioskLink link;
  link.citizen_idle = [] { return true; };
  auto m = Maintenance::create(c, link, fast_options());
  REQUIRE(m);
  Maintenance& mt = **m;
  const auto now = std::chrono::steady_clock::now();
  mt.begin_entry(now);
  CHECK(mt.pin_view().technicians == std::vector<std::string>{"wang", "li"});
  CHECK(mt.pin_view().chosen.empty());
  for (char d : std::string("135790")) mt.pin_digit(d, now);
  mt.pin_submit(now);
  CHECK_FALSE(mt.pin_view().checking);
  CHECK(mt.pin_view().message == PinMessage::ChooseTechnician);
  mt.choose_technician("li", now);
  CHECK(mt.pin_view().chosen == "li");
  mt.pin_submit(now);
  REQUIRE(settle(mt, [&] { return mt.active(); }));
  CHECK(mt.technician() == "li");
  mt.leave();

  // The lockout state can no longer be replaced (as in the test above).
  fs::remove(c.data_dir / "technician_lockout");
  fs::create_directories(c.data_dir / "technician_lockout" / "in-the-way");
  mt.begin_entry(now);
  mt.choose_technician("li", now);
  for (char d : std::string("135790")) mt.pin_digit(d, now);
  mt.pin_submit(now);
  REQUIRE(settle(mt, [&] { return !mt.pin_view().checking; }));
  CHECK(mt.pin_view().message == PinMessage::Unavailable);
  CHECK_FALSE(mt.active());
}

TEST_CASE("entry, idle timeout and leaving are audited; entry waits for the citizen to finish") {
  const TempDir sandbox("mt-session");
  const fs::path& dir = sandbox.path;
  const Config c = config_in(dir);
  TechnicianPins(c.data_dir, fast_pins()).set_pin("wang", "246810");
  bool idle = false;
  KioskLink link;
  link.citizen_idle = [&] { return idle; };
  auto m = Maintenance::create(c, link, fast_options());
  REQUIRE(m);
  Maintenance& mt = **m;
  auto now = std::chrono::steady_clock::now();

  mt.begin_entry(now);
  CHECK(mt.entering());
  CHECK(mt.pin_view().message == PinMessage::NotIdle);
  mt.cancel_entry();
  idle = true;
  mt.begin_entry(now);
  CHECK(mt.pin_view().message == PinMessage::None);
  for (char d : std::string("999999")) mt.pin_digit(d, now);
  CHECK(mt.pin_view().digits == 6);
  mt.pin_submit(now);
  REQUIRE(settle(mt, [&] { return !mt.pin_view().checking; }));
  CHECK(mt.pin_view().message == PinMessage::Wrong);
  CHECK(mt.pin_view().attempts_left == 4);
  CHECK_FALSE(mt.active());
  for (char d : std::string("246810")) mt.pin_digit(d, now);
  mt.pin_submit(now);
  REQUIRE(settle(mt, [&] { return mt.active(); }));
  CHECK(mt.technician() == "wang");
  CHECK(mt.showing());

  // The maintenance session ends by itself after its idle timeout.
  mt.touch(now);
  mt.update(now + std::chrono::seconds(mt.technician_config().idle_timeout_s - 1));
  CHECK(mt.active());
  mt.update(now + std::chrono::seconds(mt.technician_config().idle_timeout_s));
  CHECK_FALSE(mt.active());
  CHECK_FALSE(mt.showing());

  m->reset();  // the worker finishes the audit writes
  const auto actions = audit_actions(c);
  const std::vector<std::string> expected{"maintenance.entry_shown/technician", "maintenance.entry_shown/technician",
                                          "maintenance.pin_wrong/technician", "maintenance.enter/technician",
                                          "maintenance.leave/technician"};
  CHECK(actions == expected);
}

TEST_CASE("the status document follows the schema; the control socket answers kioskctl requests") {
  const TempDir sandbox("mt-socket");
  const fs::path& dir = sandbox.path;
  Config c = config_in(dir);
  // A printer nobody listens on: a device in error for the document and the heartbeat.
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\ndata_dir = \"data\"\n[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                    << "[[device]]\nname = \"printer\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\n"
                                    << "port = \"127.0.0.1:1\"\noptions = { idle_poll_ms = 100, connect_timeout_ms = 100 }\n";
  auto loaded = load_config(dir / "kiosk.toml");
  REQUIRE(loaded);
  c = *loaded;
  KioskLink link;
  link.sync_status = [] {
    store::SyncStatus s;
    s.configured = true;
    s.online = false;
    s.last_error = "connect: refused";
    return s;
  };
  link.catalog_version = [] { return std::string("2026.11.1"); };
  auto m = Maintenance::create(c, link, fast_options());
  REQUIRE(m);
  (*m)->devices().start();
  for (int i = 0; i < 100; ++i) {
    auto v = (*m)->devices().device("printer");
    if (v && v->state != drivers::DeviceState::NoDevice && v->state != drivers::DeviceState::Online) break;
    std::this_thread::sleep_for(20ms);
  }
  auto answer = control_request(dir / "ctl.sock", {{"cmd", "status"}});
  REQUIRE(answer);
  REQUIRE((*answer)["ok"] == true);
  const auto& st = (*answer)["status"];
  CHECK(st["schema"] == kStatusSchema);
  CHECK(st["source"] == "kiosk");
  REQUIRE(st["devices"].size() == 1);
  const auto& d = st["devices"][0];
  CHECK(d["name"] == "printer");
  CHECK(d["state"].is_string());
  CHECK(d["counters"]["operations"].is_number_unsigned());
  CHECK(st["network"]["online"] == false);
  CHECK(st["catalog"]["version"] == "2026.11.1");
  CHECK(st["summary"]["ok"] == false);
  bool platform_problem = false;
  for (const auto& p : st["summary"]["problems"]) platform_problem |= p.get<std::string>().find("platform") != std::string::npos;
  CHECK(platform_problem);

  auto health = control_request(dir / "ctl.sock", {{"cmd", "health"}, {"device", "printer"}, {"level", "internal"}});
  REQUIRE(health);
  CHECK((*health)["passed"] == false);
  auto bad = control_request(dir / "ctl.sock", {{"cmd", "health"}, {"device", "printer"}, {"level", "interactive"}});
  REQUIRE(bad);
  CHECK((*bad)["ok"] == false);
  log::info("test", "a line for the ring");
  auto logs = control_request(dir / "ctl.sock", {{"cmd", "logs"}, {"level", "info"}, {"max", 50}});
  REQUIRE(logs);
  bool found = false;
  for (const auto& l : (*logs)["lines"]) found |= l["message"] == "a line for the ring";
  CHECK(found);
  // A field of the wrong type is refused as a value; it once threw on the socket's thread and ended
  // the kiosk (issue 24 item 14).
  auto wrong = control_request(dir / "ctl.sock", {{"cmd", "logs"}, {"max", "x"}});
  REQUIRE(wrong);
  CHECK((*wrong)["ok"] == false);
  CHECK(control_request(dir / "ctl.sock", {{"cmd", "ping"}}));

  // The heartbeat's device part: what the platform emulator reads for ?status=error.
  const auto hb = (*m)->heartbeat_devices();
  REQUIRE(hb.contains("printer"));
  CHECK(hb["printer"]["status"].is_string());
  CHECK(hb["printer"]["status"] != "online");
  m->reset();
  CHECK_FALSE(fs::exists(dir / "ctl.sock"));
  CHECK_FALSE(control_request(dir / "ctl.sock", {{"cmd", "ping"}}));
}

TEST_CASE("the queue page counts the recent 办不成事 reports and lists the newest, step and matter only") {
  const TempDir sandbox("mt-help");
  const fs::path& dir = sandbox.path;
  const Config c = config_in(dir);
  TechnicianPins(c.data_dir, fast_pins()).set_pin("wang", "246810");
  {
    auto s = store::Store::open(store_options(c));
    REQUIRE(s);
    for (int i = 0; i < kHelpReportRows + 2; ++i) REQUIRE((*s)->add_help_request("form", "M" + std::to_string(i)));
    REQUIRE((*s)->add_help_request("home", ""));
    // One from before the counted days: neither counted nor listed.
    auto old = (*s)->db().prepare("INSERT INTO help_requests(at_ms, step, matter_code) VALUES(?1, 'materials', 'OLD')");
    REQUIRE(old);
    old->bind(1, store::unix_ms_now() - std::int64_t{kHelpReportDays + 1} * 86'400'000);
    REQUIRE(old->run());
  }
  KioskLink link;
  link.citizen_idle = [] { return true; };
  auto m = Maintenance::create(c, link, fast_options());
  REQUIRE(m);
  Maintenance& mt = **m;
  const auto now = std::chrono::steady_clock::now();
  mt.begin_entry(now);
  for (char d : std::string("246810")) mt.pin_digit(d, now);
  mt.pin_submit(now);
  REQUIRE(settle(mt, [&] { return mt.active(); }));
  mt.go(Page::Queue);
  REQUIRE(settle(mt, [&] { return mt.queue_view().stats.has_value() && mt.queue_view().help_count > 0; }));
  const QueueView q = mt.queue_view();
  CHECK(q.error.empty());
  CHECK(q.help_count == kHelpReportRows + 3);
  REQUIRE(q.help.size() == static_cast<std::size_t>(kHelpReportRows));
  CHECK(q.help[0].step == "home");  // newest first
  CHECK(q.help[0].matter_code.empty());
  CHECK(q.help[1].step == "form");
  CHECK(q.help[1].matter_code == "M" + std::to_string(kHelpReportRows + 1));
  CHECK(q.help[0].at.size() == 16);  // YYYY-MM-DD HH:MM
  for (const auto& h : q.help) CHECK(h.matter_code != "OLD");
  m->reset();
}

namespace {
// A grey picture of the given size, as a binary PPM the file: camera source reads.
void write_ppm(const fs::path& p, int w, int h) {
  std::ofstream out(p, std::ios::binary);
  out << "P6\n" << w << " " << h << "\n255\n" << std::string(static_cast<std::size_t>(w * h * 3), '\x80');
}
}  // namespace

TEST_CASE("the device page previews the face camera the citizen's face step uses: [face_camera], not a [[device]] copy") {
  const TempDir sandbox("mt-facecam");
  const fs::path& dir = sandbox.path;
  write_ppm(dir / "face.ppm", 320, 240);   // what the face step sees
  write_ppm(dir / "other.ppm", 640, 480);  // another camera a [[device]] entry names as the face camera
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\ndata_dir = \"data\"\n[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                    << "[face_camera]\nsource = \"file:face.ppm\"\nwidth = 320\nheight = 240\nfps = 10\n"
                                    << "[[device]]\nname = \"face_cam\"\nfamily = \"camera\"\nport = \"file:other.ppm\"\n"
                                    << "options = { role = \"face\", fps = 10 }\n";
  auto loaded = load_config(dir / "kiosk.toml");
  REQUIRE(loaded);
  const Config c = *loaded;
  auto m = Maintenance::create(c, KioskLink{}, fast_options());
  REQUIRE(m);
  (*m)->devices().start();
  const auto face = (*m)->devices().device("face_camera");
  REQUIRE(face);
  CHECK(face->family == "camera");
  CHECK(face->port == c.face_camera.source);
  CHECK_FALSE((*m)->devices().device("face_cam"));  // a second, different "face camera" would mislead

  // Closed until its page shows it: the citizen's face step opens the same camera.
  auto camera_open = [&] {
    const auto d = (*m)->devices().device("face_camera")->details;
    return std::none_of(d.begin(), d.end(), [](const auto& kv) { return kv.first == "camera"; });
  };
  REQUIRE(settle(**m, [&] { return (*m)->devices().device("face_camera")->state == drivers::DeviceState::Online; }));
  CHECK_FALSE(camera_open());

  (*m)->open_device("face_camera");
  REQUIRE(settle(**m, [&] { return (*m)->camera_preview() != nullptr; }));
  const CameraPreview* preview = (*m)->camera_preview();
  REQUIRE(preview);
  CHECK(preview->kind() == PreviewKind::Face);
  std::shared_ptr<const drivers::camera::Frame> frame;
  for (int i = 0; i < 200 && !frame; ++i) {
    frame = preview->frame();
    if (!frame) std::this_thread::sleep_for(10ms);
  }
  REQUIRE(frame);
  CHECK(frame->width == 320);
  CHECK(frame->height == 240);
  CHECK(settle(**m, camera_open));
  // Off the page the preview lets go, and the monitor closes the camera.
  (*m)->go(Page::Overview);
  CHECK((*m)->camera_preview() == nullptr);
  CHECK(settle(**m, [&] { return !camera_open(); }));
  m->reset();
}
