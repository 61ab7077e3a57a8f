// Cold start of the kiosk as systemd sees it: process start → READY=1 on the notify socket (after
// the first frame), headless. Baseline in the same run: start → exit of `kiosk --version` (exec,
// dynamic linking, nothing else). With --chroot ROOT it measures the binary installed in that root
// (tools/deploy-test.sh uses a fresh Debian 12 root with the .deb installed).
//   bench_deploy [--kiosk PATH] [--chroot ROOT] [--runs N]
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/bench/notify_listener.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {
struct Stats {
  double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v.front(), v.back()};
}

std::vector<std::string> command(const std::string& root, const std::string& kiosk, std::vector<std::string> args) {
  std::vector<std::string> argv;
  if (!root.empty()) argv = {"/usr/sbin/chroot", root};
  argv.push_back(kiosk);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}
}  // namespace

int main(int argc, char** argv) {
  std::string kiosk = OW_KIOSK_BIN, root;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--kiosk") kiosk = argv[i + 1];
    else if (a == "--chroot") root = argv[i + 1];
    else if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  if (!root.empty() && kiosk == OW_KIOSK_BIN) kiosk = "/usr/bin/kiosk";

  // Inside the chroot, paths are seen without the ROOT prefix.
  const fs::path host_dir = fs::path(root.empty() ? fs::temp_directory_path().string() : root + "/tmp") /
                            ("ow-bench-deploy-" + std::to_string(::getpid()));
  const fs::path seen_dir = root.empty() ? host_dir : fs::path("/tmp") / host_dir.filename();
  fs::remove_all(host_dir);
  fs::create_directories(host_dir / "data");
  std::ofstream conf(host_dir / "kiosk.toml");
  conf << "[kiosk]\nvoice = false\nfullscreen = false\ndata_dir = \"" << (seen_dir / "data").string() << "\"\n";
  // An installed kiosk finds its assets where the package puts them, as its config says.
  if (!root.empty()) conf << "assets_dir = \"/usr/share/onewindow\"\n";
  conf.close();

  std::vector<double> exec_ms, ready_ms;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = steady_clock::now();
    const pid_t v = ow::testing::spawn_with_env(command(root, kiosk, {"--version"}), {}, true);
    int status = 0;
    if (v > 0) ::waitpid(v, &status, 0);
    exec_ms.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());

    ow::testing::NotifyListener listener(host_dir / "notify.sock");
    if (!listener.ok()) return 1;
    const auto t1 = steady_clock::now();
    const pid_t k = ow::testing::spawn_with_env(
        command(root, kiosk, {"--headless", "--config", (seen_dir / "kiosk.toml").string()}),
        {"NOTIFY_SOCKET=" + (seen_dir / "notify.sock").string(), "SDL_AUDIODRIVER=dummy"}, true);
    bool ready = false;
    while (k > 0 && !ready && steady_clock::now() - t1 < seconds(60)) {
      if (auto d = listener.receive(milliseconds(100))) ready = ow::testing::has_line(*d, "READY=1");
    }
    if (ready) ready_ms.push_back(duration<double, std::milli>(steady_clock::now() - t1).count());
    ow::testing::stop_child(k, SIGTERM);
    if (!ready) {
      std::fprintf(stderr, "bench_deploy: no READY=1 from %s\n", kiosk.c_str());
      fs::remove_all(host_dir);
      return 1;
    }
  }
  fs::remove_all(host_dir);

  const Stats e = stats(exec_ms), s = stats(ready_ms);
  nlohmann::json j{{"bench", "deploy"},
                   {"binary", kiosk},
                   {"chroot", root},
                   {"runs", runs},
                   {"ready_ms", {{"median", s.median}, {"min", s.min}, {"max", s.max}}},
                   {"version_exec_ms", {{"median", e.median}, {"min", e.min}, {"max", e.max}}},
                   {"ratios", {{"ready_vs_bare_exec", e.median > 0 ? s.median / e.median : 0}}}};
  std::printf("%s\n", j.dump().c_str());
  std::fprintf(stderr, "cold start to READY=1 (%d runs%s)\n  %-28s %8.1f ms (min %.1f, max %.1f)\n  %-28s %8.1f ms\n  ratio %.1f×\n",
               runs, root.empty() ? "" : (", in " + root).c_str(), "process start → READY=1", s.median, s.min, s.max,
               "kiosk --version (baseline)", e.median, e.median > 0 ? s.median / e.median : 0);
  return 0;
}
