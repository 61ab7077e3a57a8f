// Headless kiosk: process start → first rendered frame, font atlas build time and size, peak RSS,
// and CPU used over 10 s idle on the attract screen. Ratios are against the Chromium kiosk peer
// measured on these machines (../shared/reference/baselines.md): a web page showing the same screen.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
// The peer's figures from baselines.md (warm launch → first frame, PSS after 10 s idle, idle CPU).
constexpr double kChromiumFirstFrameMs = 670, kChromiumPssMiB = 400, kChromiumIdleCpuPercent = 1.0;

struct Child {
  pid_t pid = -1;
  FILE* err = nullptr;
};

Child spawn(const fs::path& config) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    // With a display (run.sh starts Xvfb) the window system lets SDL block while idle; SDL's
    // offscreen driver has no blocking wait and polls every millisecond instead.
    if (std::getenv("DISPLAY"))
      execl(OW_KIOSK_BIN, OW_KIOSK_BIN, "--config", config.c_str(), static_cast<char*>(nullptr));
    else
      execl(OW_KIOSK_BIN, OW_KIOSK_BIN, "--headless", "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  return Child{pid, fdopen(fds[0], "r")};
}

// Reads log lines until one contains `needle`; returns the line (empty on EOF).
std::string read_until(FILE* f, const std::string& needle, std::string* atlas_line) {
  char buf[1024];
  while (std::fgets(buf, sizeof buf, f)) {
    std::string line(buf);
    if (atlas_line && line.find("font atlas") != std::string::npos) *atlas_line = line;
    if (line.find(needle) != std::string::npos) return line;
  }
  return {};
}

long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close_paren = s.rfind(')');
  std::istringstream rest(s.substr(close_paren + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

long stop(Child& c) {
  kill(c.pid, SIGTERM);
  struct rusage ru {};
  int status = 0;
  wait4(c.pid, &status, 0, &ru);
  std::fclose(c.err);
  return ru.ru_maxrss;  // KiB
}
}  // namespace

int main() {
  const fs::path dir = fs::temp_directory_path() / ("ow-bench-startup-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"马尚街道便民服务中心\"\nfullscreen = false\ndata_dir = \"data\"\nassets_dir = \""
                                    << OW_ASSETS << "\"\n";

  std::vector<double> first_frame_ms;
  std::string atlas_line;
  long max_rss_kib = 0;
  double idle_cpu_percent = 0;
  constexpr int kRuns = 3;
  for (int run = 0; run < kRuns; ++run) {
    const auto t0 = Clock::now();
    Child c = spawn(dir / "kiosk.toml");
    if (read_until(c.err, "first frame rendered", &atlas_line).empty()) {
      std::fprintf(stderr, "bench: the kiosk exited before its first frame\n");
      return 1;
    }
    first_frame_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (run == kRuns - 1) {
      std::this_thread::sleep_for(std::chrono::seconds(1));  // let the first frames settle
      const long before = cpu_ticks(c.pid);
      std::this_thread::sleep_for(std::chrono::seconds(10));
      const long after = cpu_ticks(c.pid);
      idle_cpu_percent = 100.0 * static_cast<double>(after - before) / (10.0 * static_cast<double>(sysconf(_SC_CLK_TCK)));
    }
    max_rss_kib = std::max(max_rss_kib, stop(c));
  }
  fs::remove_all(dir);

  std::sort(first_frame_ms.begin(), first_frame_ms.end());
  const double median_ms = first_frame_ms[first_frame_ms.size() / 2];
  int atlas_w = 0, atlas_h = 0, glyphs = 0, atlas_ms = 0;
  if (auto pos = atlas_line.find("font atlas "); pos != std::string::npos)
    std::sscanf(atlas_line.c_str() + pos, "font atlas %dx%d, %d glyphs, built in %d ms", &atlas_w, &atlas_h, &glyphs, &atlas_ms);
  const double rss_mib = static_cast<double>(max_rss_kib) / 1024.0;

  nlohmann::json j = {
      {"bench", "kiosk_startup"},
      {"video", std::getenv("DISPLAY") ? "x11 (Xvfb), software rendering" : "SDL offscreen"},
      {"first_frame_ms_median", median_ms},
      {"first_frame_ms_runs", first_frame_ms},
      {"font_atlas_build_ms", atlas_ms},
      {"font_atlas_size", std::to_string(atlas_w) + "x" + std::to_string(atlas_h)},
      {"font_atlas_glyphs", glyphs},
      {"peak_rss_mib", rss_mib},
      {"idle_cpu_percent_10s", idle_cpu_percent},
      {"ratios_vs_chromium_kiosk_peer",
       {{"first_frame", median_ms / kChromiumFirstFrameMs},
        {"memory", rss_mib / kChromiumPssMiB},
        {"idle_cpu", idle_cpu_percent / kChromiumIdleCpuPercent}}},
  };
  std::fprintf(stderr,
               "  %-34s %10s %14s %8s\n"
               "  %-34s %10.0f %14.0f %8.2f\n"
               "  %-34s %10.1f %14.0f %8.2f\n"
               "  %-34s %10.2f %14.1f %8.2f\n"
               "  %-34s %7dx%d %14s %8s\n"
               "  %-34s %10d %14s %8s\n",
               "figure", "kiosk", "chromium peer", "ratio", "process start → first frame (ms)", median_ms,
               kChromiumFirstFrameMs, median_ms / kChromiumFirstFrameMs, "peak RSS (MiB; peer: PSS)", rss_mib,
               kChromiumPssMiB, rss_mib / kChromiumPssMiB, "CPU over 10 s idle (% of a core)", idle_cpu_percent,
               kChromiumIdleCpuPercent, idle_cpu_percent / kChromiumIdleCpuPercent, "font atlas (px)", atlas_w, atlas_h, "",
               "", "font atlas build (ms)", atlas_ms, "", "");
  std::printf("%s\n", j.dump().c_str());
  return 0;
}
