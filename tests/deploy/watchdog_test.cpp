// The kiosk under a stand-in for systemd's notify socket: READY=1 after the first frame, WATCHDOG=1
// while the UI loop runs, and — with the test build's freeze hook — the pings stop when the loop
// hangs, so systemd's watchdog (played here by the test) notices and would restart the kiosk.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tools/bench/notify_listener.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;
using ow::testing::has_line;

namespace {
constexpr auto kWatchdog = seconds(2);  // WATCHDOG_USEC: the kiosk pings every second

struct Run {
  bool ready = false;
  int pings_after_ready = 0;
  bool frozen = false;           // the hook said the loop froze
  bool missed_before_freeze = false;
  bool missed_after_freeze = false;
  bool stopping = false;
  int exit_status = -1;
};

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("ow-watchdog-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nvoice = false\nfullscreen = false\ndata_dir = \"" << (dir / "data").string()
                                    << "\"\n";
  return dir;
}

// Plays systemd: waits for READY=1, then expects a WATCHDOG=1 within every kWatchdog. Stops after
// `watch_for` of pings, or when a ping is missed (then the child is killed, as systemd would).
Run supervise(const std::string& name, const std::vector<std::string>& extra_env, milliseconds watch_for, bool terminate) {
  Run run;
  const fs::path dir = temp_dir(name);
  ow::testing::NotifyListener listener(dir / "notify.sock");
  REQUIRE(listener.ok());
  std::vector<std::string> env = {"NOTIFY_SOCKET=" + listener.path().string(),
                                  "WATCHDOG_USEC=" + std::to_string(duration_cast<microseconds>(kWatchdog).count()),
                                  "SDL_AUDIODRIVER=dummy"};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  const pid_t pid = ow::testing::spawn_with_env({OW_KIOSK_HOOKS_BIN, "--headless", "--config", (dir / "kiosk.toml").string()}, env);
  REQUIRE(pid > 0);

  const auto give_up = steady_clock::now() + seconds(40);  // cold start on a busy CI machine
  while (!run.ready && steady_clock::now() < give_up) {
    if (auto d = listener.receive(milliseconds(200))) run.ready = has_line(*d, "READY=1");
  }
  const auto watch_end = steady_clock::now() + watch_for;
  auto last_ping = steady_clock::now();
  while (run.ready && steady_clock::now() < watch_end) {
    auto d = listener.receive(milliseconds(100));
    if (d && has_line(*d, "WATCHDOG=1")) {
      ++run.pings_after_ready;
      last_ping = steady_clock::now();
    }
    if (d && has_line(*d, "STATUS=frozen by test hook")) run.frozen = true;
    if (steady_clock::now() - last_ping > kWatchdog) {
      (run.frozen ? run.missed_after_freeze : run.missed_before_freeze) = true;
      break;
    }
  }
  if (terminate && !run.missed_after_freeze && !run.missed_before_freeze) {
    const int status = ow::testing::stop_child(pid, SIGTERM);
    run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    while (auto d = listener.receive(milliseconds(0))) run.stopping = run.stopping || has_line(*d, "STOPPING=1");
  } else {
    ow::testing::stop_child(pid, SIGKILL);
  }
  fs::remove_all(dir);
  return run;
}
}  // namespace

TEST_CASE("a healthy kiosk says READY=1, pings the watchdog, and says STOPPING=1 on SIGTERM") {
  const Run run = supervise("healthy", {}, seconds(4), true);
  REQUIRE(run.ready);
  CHECK_FALSE(run.missed_before_freeze);
  CHECK(run.pings_after_ready >= 3);
  CHECK_FALSE(run.frozen);
  CHECK(run.stopping);
  CHECK(run.exit_status == 0);
}

TEST_CASE("a frozen UI loop stops the pings and the missing WATCHDOG=1 is detected") {
  const Run run = supervise("frozen", {"OW_TEST_FREEZE_AFTER_MS=2500"}, seconds(15), false);
  REQUIRE(run.ready);
  CHECK(run.pings_after_ready >= 2);
  CHECK_FALSE(run.missed_before_freeze);
  CHECK(run.frozen);
  CHECK(run.missed_after_freeze);
}

TEST_CASE("the production program ignores the freeze variable") {
  // The same environment that freezes the test build must do nothing to the installed kiosk.
  const fs::path dir = temp_dir("prod");
  ow::testing::NotifyListener listener(dir / "notify.sock");
  REQUIRE(listener.ok());
  const pid_t pid = ow::testing::spawn_with_env(
      {OW_KIOSK_BIN, "--headless", "--config", (dir / "kiosk.toml").string()},
      {"NOTIFY_SOCKET=" + listener.path().string(), "WATCHDOG_USEC=2000000", "SDL_AUDIODRIVER=dummy",
       "OW_TEST_FREEZE_AFTER_MS=0"});
  REQUIRE(pid > 0);
  bool ready = false, frozen = false;
  int pings = 0;
  const auto give_up = steady_clock::now() + seconds(40);
  while (!ready && steady_clock::now() < give_up) {
    if (auto d = listener.receive(milliseconds(200))) ready = has_line(*d, "READY=1");
  }
  const auto end = steady_clock::now() + milliseconds(2500);
  while (ready && steady_clock::now() < end) {
    if (auto d = listener.receive(milliseconds(100))) {
      pings += has_line(*d, "WATCHDOG=1") ? 1 : 0;
      frozen = frozen || has_line(*d, "STATUS=frozen by test hook");
    }
  }
  ow::testing::stop_child(pid, SIGTERM);
  fs::remove_all(dir);
  REQUIRE(ready);
  CHECK_FALSE(frozen);
  CHECK(pings >= 2);
}
