// DeviceManager against the simulators: unplug (kill) and replug (restart) `devsim idcard` on a pty
// and `devsim printer` on TCP; the states go online → offline/no_device → online within the
// backoff, and the health checks work at each level.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "drivers/device_manager.hpp"
#include "tests/diagnostics/device_manager_fixture.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/integration/printer_sim_process.hpp"

using namespace ow;
using namespace ow::drivers;
using namespace std::chrono_literals;

namespace {
// Polls every 50 ms; a lost device is retried after 200 ms, doubling up to 800 ms.
DeviceManagerConfig fast_config(const std::filesystem::path& dir) { return dmtest::fast_config(dir, 50ms, 200ms, 800ms); }

// Collects the state changes of one device.
struct Events {
  std::mutex mu;
  std::vector<DeviceEvent> list;
  void add(const DeviceEvent& e) {
    std::lock_guard l(mu);
    list.push_back(e);
  }
  bool saw(DeviceState to) {
    std::lock_guard l(mu);
    for (const auto& e : list)
      if (e.to == to) return true;
    return false;
  }
};

// `devsim printer` on a given port (the restarted printer keeps its address); -1 if it did not come up.
pid_t spawn_printer_on(std::uint16_t port, const std::filesystem::path& out) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(OW_DEVSIM_BIN, OW_DEVSIM_BIN, "printer", "--tcp", std::to_string(port).c_str(), "--out", out.c_str(), nullptr);
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char c;
  pollfd p{fds[0], POLLIN, 0};
  while (poll(&p, 1, 5000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(fds[0]);
  if (line.rfind("tcp 127.0.0.1:", 0) != 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
  }
  return pid;
}
}  // namespace

TEST_CASE("ID card reader on a pty: unplug and replug the simulator") {
  const TempDir dir("dmsim-idcard");
  const auto port = dir.path / "idcard.tty";  // our own stable name, re-pointed at each simulator's pty
  std::optional<IdcardSimProcess> sim;
  sim.emplace();
  REQUIRE(sim->ok());
  std::filesystem::create_symlink(sim->first_path(), port);

  DeviceManager m(fast_config(dir.path));
  Events events;
  m.on_event([&](const DeviceEvent& e) { events.add(e); });
  DeviceSpec spec{"idcard", "idcard", "serial", port.string(), 0, 0, {{"poll_cards", "1"}, {"reconnect_ms", "5000"}}};
  REQUIRE(m.add_from_spec(spec));
  m.start();
  REQUIRE(dmtest::wait_state(m, "idcard", {DeviceState::Online}, 5s));
  auto v = m.device("idcard");
  REQUIRE(v);
  CHECK_FALSE(v->identity.serial.empty());  // the SAM ID
  CHECK(v->details[0] == std::pair<std::string, std::string>{"sam", "ok"});

  SUBCASE("health checks at each level") {
    auto in = dmtest::health(m, "idcard", HealthLevel::Internal, 10s);
    CHECK(in.passed);
    auto ex = dmtest::health(m, "idcard", HealthLevel::External, 10s);
    CHECK(ex.passed);
    CHECK(ex.text.find("SAM") != std::string::npos);
    // Interactive: a technician places a test card.
    auto p = std::make_shared<std::promise<HealthResult>>();
    auto f = p->get_future();
    m.check_health("idcard", HealthLevel::Interactive, [p](HealthResult r) { p->set_value(std::move(r)); });
    std::this_thread::sleep_for(300ms);
    CHECK(sim->command("place resident_male").rfind("ok", 0) == 0);
    REQUIRE(f.wait_for(10s) == std::future_status::ready);
    const auto r = f.get();
    CHECK(r.passed);
    CHECK(r.text.find("test card read") != std::string::npos);
  }

  SUBCASE("kill, then restart: offline, then online again within the backoff") {
    sim.reset();  // unplugged
    REQUIRE(dmtest::wait_state(m, "idcard", {DeviceState::Offline, DeviceState::NoDevice}, 5s));
    CHECK((events.saw(DeviceState::Offline) || events.saw(DeviceState::NoDevice)));
    sim.emplace();
    REQUIRE(sim->ok());
    std::filesystem::remove(port);
    std::filesystem::create_symlink(sim->first_path(), port);
    // The reader's own retry is 5 s; the manager's backoff (cap 0.8 s) must bring it back first.
    const auto replugged = std::chrono::steady_clock::now();
    REQUIRE(dmtest::wait_state(m, "idcard", {DeviceState::Online}, 4s));
    CHECK(std::chrono::steady_clock::now() - replugged < 4s);
    CHECK(events.saw(DeviceState::Online));
    CHECK(m.device("idcard")->counters.errors >= 1);
  }
  m.stop();
}

TEST_CASE("receipt printer on TCP: unplug and replug the simulator, health checks, reprint") {
  const TempDir dir("dmsim-printer");
  std::optional<ow::test::PrinterSimProcess> sim;
  sim.emplace(dir.path / "paper");
  REQUIRE(sim->running());
  const auto tcp_port = sim->port();

  DeviceManager m(fast_config(dir.path));
  Events events;
  m.on_event([&](const DeviceEvent& e) { events.add(e); });
  DeviceSpec spec{"printer", "receipt_printer", "tcp", "127.0.0.1:" + std::to_string(tcp_port), 0, 0,
                  {{"idle_poll_ms", "200"}, {"connect_timeout_ms", "300"}}};
  REQUIRE(m.add_from_spec(spec));
  m.start();
  REQUIRE(dmtest::wait_state(m, "printer", {DeviceState::Online}, 5s));

  SUBCASE("health checks at each level") {
    CHECK(dmtest::health(m, "printer", HealthLevel::Internal, 10s).passed);
    CHECK(dmtest::health(m, "printer", HealthLevel::External, 10s).passed);
    CHECK(dmtest::health(m, "printer", HealthLevel::Interactive, 10s).passed);  // a test pattern, cut
    CHECK(sim->next_printed().has_value());
    CHECK(sim->control("paper out").rfind("ok", 0) == 0);
    auto ex = dmtest::health(m, "printer", HealthLevel::External, 10s);
    CHECK_FALSE(ex.passed);
    REQUIRE(dmtest::wait_state(m, "printer", {DeviceState::UserError}, 3s));
    // A job refused for paper out is kept; the device page offers to reprint it.
    CHECK_FALSE(dmtest::health(m, "printer", HealthLevel::Interactive, 10s).passed);
    const auto actions = m.actions("printer");
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].id.rfind("reprint:", 0) == 0);
    CHECK(sim->control("paper ok").rfind("ok", 0) == 0);
    REQUIRE(dmtest::wait_state(m, "printer", {DeviceState::Online}, 3s));
    CHECK(dmtest::action(m, "printer", actions[0].id, 10s).passed);
    CHECK(sim->next_printed().has_value());
    m.poll_now();
    CHECK(m.device("printer")->counters.operations >= 2);
  }

  SUBCASE("kill, then restart on the same port") {
    sim->kill();
    REQUIRE(dmtest::wait_state(m, "printer", {DeviceState::Offline, DeviceState::NoDevice}, 5s));
    sim.reset();
    const pid_t again = spawn_printer_on(tcp_port, dir.path / "paper");
    REQUIRE(again > 0);
    const bool back = dmtest::wait_state(m, "printer", {DeviceState::Online}, 4s);
    kill(again, SIGKILL);
    waitpid(again, nullptr, 0);
    CHECK(back);
    CHECK(events.saw(DeviceState::Online));
  }
  m.stop();
}
