// The kiosk against a Chromium kiosk, side by side in one run on one display (issue 25): each
// pair launches both, alternating which goes first, and records exec → first frame (the kiosk's
// READY=1 on a notify socket, sent after its first frame; the page's first requestAnimationFrame,
// read over the DevTools protocol), PSS and RSS after 10 s idle, and CPU over the next 20 s.
// Warm pairs first, then cold launches after dropping the page cache (root only). Prints one JSON
// object with medians, spreads and kiosk/Chromium ratios; figures drift on shared machines, the
// ratios within one run are what count. Run by tools/bench/run.sh, which starts Xvfb.
#include <dirent.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tools/bench/cdp_pipe.hpp"
#include "tools/bench/notify_listener.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct Options {
  int pairs = 5, cold_pairs = 3;
  int idle_s = 10, cpu_s = 20;
  std::string chromium = "chromium";
};

// One launch's figures; negative when not measured.
struct Sample {
  double first_frame_ms = -1, pss_mib = -1, rss_mib = -1, cpu_percent = -1;
  int processes = 0, libraries = 0;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The process and all its descendants (Chromium's zygote, renderers, GPU and utility processes).
std::vector<pid_t> tree(pid_t root) {
  std::map<pid_t, pid_t> parent;
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      const pid_t pid = std::atoi(e->d_name);
      if (pid <= 0) continue;
      const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
      const auto close = stat.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(stat.substr(close + 2));
      std::string state;
      pid_t ppid = 0;
      rest >> state >> ppid;
      parent[pid] = ppid;
    }
    closedir(d);
  }
  std::vector<pid_t> out{root};
  for (bool grew = true; grew;) {
    grew = false;
    for (auto [pid, pp] : parent)
      if (std::find(out.begin(), out.end(), pp) != out.end() && std::find(out.begin(), out.end(), pid) == out.end()) {
        out.push_back(pid);
        grew = true;
      }
  }
  return out;
}

long field_kib(const std::string& text, const std::string& key) {
  const auto at = text.find("\n" + key + ":");
  if (at == std::string::npos) return 0;
  return std::atol(text.c_str() + at + key.size() + 2);
}

void memory(const std::vector<pid_t>& pids, Sample& s) {
  long pss = 0, rss = 0;
  for (pid_t p : pids) {
    const std::string rollup = "\n" + slurp("/proc/" + std::to_string(p) + "/smaps_rollup");
    pss += field_kib(rollup, "Pss");
    rss += field_kib(rollup, "Rss");
  }
  s.pss_mib = static_cast<double>(pss) / 1024.0;
  s.rss_mib = static_cast<double>(rss) / 1024.0;
  s.processes = static_cast<int>(pids.size());
  std::set<std::string> libs;
  std::istringstream maps(slurp("/proc/" + std::to_string(pids.front()) + "/maps"));
  for (std::string line; std::getline(maps, line);)
    if (const auto at = line.find('/'); at != std::string::npos && line.find(".so", at) != std::string::npos) libs.insert(line.substr(at));
  s.libraries = static_cast<int>(libs.size());
}

long cpu_ticks(const std::vector<pid_t>& pids) {
  long total = 0;
  for (pid_t p : pids) {
    const std::string stat = slurp("/proc/" + std::to_string(p) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string f;
    for (int i = 3; i <= 15 && rest >> f; ++i)
      if (i == 14 || i == 15) total += std::stol(f);
  }
  return total;
}

// PSS and RSS after the idle wait, then CPU over the next `cpu_s` seconds, for the whole tree.
void idle_figures(pid_t root, const Options& o, Sample& s) {
  std::this_thread::sleep_for(std::chrono::seconds(o.idle_s));
  auto pids = tree(root);
  memory(pids, s);
  const long before = cpu_ticks(pids);
  std::this_thread::sleep_for(std::chrono::seconds(o.cpu_s));
  const long after = cpu_ticks(tree(root));
  s.cpu_percent = 100.0 * static_cast<double>(std::max(0L, after - before)) / (o.cpu_s * static_cast<double>(sysconf(_SC_CLK_TCK)));
}

void end_tree(pid_t root) {
  const auto pids = tree(root);
  ::kill(root, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (::waitpid(root, &status, WNOHANG) == 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (::waitpid(root, &status, WNOHANG) == 0) ow::testing::stop_child(root);
  for (pid_t p : pids)
    if (p != root) ::kill(p, SIGKILL);
}

bool drop_caches() {
  ::sync();
  std::ofstream f("/proc/sys/vm/drop_caches");
  f << "3\n";
  f.flush();
  return static_cast<bool>(f);
}

double load_average() {
  double l = 0;
  std::istringstream(slurp("/proc/loadavg")) >> l;
  return l;
}

Sample run_kiosk(const fs::path& dir, bool idle, const Options& o) {
  Sample s;
  ow::testing::NotifyListener listener(dir / "notify.sock");
  const auto t0 = Clock::now();
  const pid_t pid = ow::testing::spawn_with_env({OW_KIOSK_BIN, "--config", (dir / "kiosk.toml").string()},
                                                {"NOTIFY_SOCKET=" + listener.path().string()}, true);
  if (pid <= 0) return s;
  while (Clock::now() - t0 < std::chrono::seconds(60)) {
    auto d = listener.receive(std::chrono::milliseconds(200));
    if (d && ow::testing::has_line(*d, "READY=1")) {
      s.first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      break;
    }
  }
  if (s.first_frame_ms >= 0 && idle) idle_figures(pid, o, s);
  end_tree(pid);
  return s;
}

Sample run_chromium(const fs::path& dir, bool idle, const Options& o) {
  Sample s;
  const fs::path profile = dir / "chromium-profile";
  fs::remove_all(profile);
  std::vector<std::string> argv = {o.chromium, "--kiosk", "--no-first-run", "--no-default-browser-check", "--noerrdialogs",
                                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                   "--password-store=basic", "--window-position=0,0", "--window-size=1920,1080",
                                   "--remote-debugging-pipe", "--user-data-dir=" + profile.string()};
  if (::geteuid() == 0) argv.push_back("--no-sandbox");  // Chromium refuses to run as root with its sandbox
  argv.push_back("file://" + std::string(OW_PEER_PAGE));
  const auto exec_epoch_ms = std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto t0 = Clock::now();
  ow::bench::CdpPipe cdp(argv);
  if (!cdp.started()) return s;
  // The page target appears once the browser is up; attach to it and wait for its first frame.
  std::string session;
  while (Clock::now() - t0 < std::chrono::seconds(60) && s.first_frame_ms < 0) {
    if (session.empty()) {
      auto targets = cdp.call("Target.getTargets", json::object(), "", std::chrono::seconds(5));
      if (targets && targets->contains("targetInfos"))
        for (const auto& t : (*targets)["targetInfos"])
          if (t.value("type", "") == "page" && t.value("url", "").rfind("file://", 0) == 0) {
            auto attached = cdp.call("Target.attachToTarget", {{"targetId", t["targetId"]}, {"flatten", true}}, "", std::chrono::seconds(5));
            if (attached) session = attached->value("sessionId", "");
          }
    } else {
      auto v = cdp.call("Runtime.evaluate", {{"expression", "window.__owFirstFrame || 0"}, {"returnByValue", true}}, session,
                        std::chrono::seconds(5));
      if (v && (*v)["result"].contains("value") && (*v)["result"]["value"].is_number() && (*v)["result"]["value"].get<double>() > 0)
        s.first_frame_ms = (*v)["result"]["value"].get<double>() - exec_epoch_ms;
    }
    if (s.first_frame_ms < 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (s.first_frame_ms >= 0 && idle) idle_figures(cdp.pid(), o, s);
  end_tree(cdp.pid());
  fs::remove_all(profile);
  return s;
}

json stats(const std::vector<double>& v) {
  if (v.empty()) return nullptr;
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  return {{"median", s[s.size() / 2]}, {"min", s.front()}, {"max", s.back()}, {"runs", v}};
}

std::vector<double> pick(const std::vector<Sample>& samples, double Sample::*f) {
  std::vector<double> out;
  for (const auto& s : samples)
    if (s.*f >= 0) out.push_back(s.*f);
  return out;
}

double median(const std::vector<double>& v) {
  if (v.empty()) return -1;
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  return s[s.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--pairs") o.pairs = std::atoi(argv[i + 1]);
    else if (a == "--cold-pairs") o.cold_pairs = std::atoi(argv[i + 1]);
    else if (a == "--idle-s") o.idle_s = std::atoi(argv[i + 1]);
    else if (a == "--cpu-s") o.cpu_s = std::atoi(argv[i + 1]);
    else if (a == "--chromium") o.chromium = argv[i + 1];
  }
  if (!std::getenv("DISPLAY")) {
    std::fprintf(stderr, "bench_kiosk_startup: needs a display (tools/bench/run.sh starts Xvfb)\n");
    return 1;
  }
  const bool have_chromium = std::system(("command -v " + o.chromium + " >/dev/null 2>&1").c_str()) == 0;
  const fs::path dir = fs::temp_directory_path() / ("ow-bench-startup-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"马尚街道便民服务中心\"\nfullscreen = true\ndata_dir = \"" << (dir / "data").string()
                                    << "\"\nassets_dir = \"" << OW_ASSETS << "\"\n";

  const double load_start = load_average();
  // One unmeasured launch of each: the page cache starts warm, and the kiosk's data folder (its
  // store, its font atlas cache) is there as on a kiosk that restarts.
  run_kiosk(dir, false, o);
  if (have_chromium) run_chromium(dir, false, o);
  std::vector<Sample> kiosk_warm, chromium_warm, kiosk_cold, chromium_cold;
  for (int i = 0; i < o.pairs; ++i) {
    const bool kiosk_first = i % 2 == 0;
    if (kiosk_first) kiosk_warm.push_back(run_kiosk(dir, true, o));
    if (have_chromium) chromium_warm.push_back(run_chromium(dir, true, o));
    if (!kiosk_first) kiosk_warm.push_back(run_kiosk(dir, true, o));
    std::fprintf(stderr, "  warm pair %d: kiosk %.0f ms, %.0f MiB PSS; chromium %.0f ms, %.0f MiB PSS\n", i + 1,
                 kiosk_warm.back().first_frame_ms, kiosk_warm.back().pss_mib,
                 have_chromium ? chromium_warm.back().first_frame_ms : -1.0, have_chromium ? chromium_warm.back().pss_mib : -1.0);
  }
  const bool can_drop = ::geteuid() == 0;
  for (int i = 0; can_drop && i < o.cold_pairs; ++i) {
    const bool kiosk_first = i % 2 == 0;
    if (kiosk_first && drop_caches()) kiosk_cold.push_back(run_kiosk(dir, false, o));
    if (have_chromium && drop_caches()) chromium_cold.push_back(run_chromium(dir, false, o));
    if (!kiosk_first && drop_caches()) kiosk_cold.push_back(run_kiosk(dir, false, o));
    std::fprintf(stderr, "  cold pair %d: kiosk %.0f ms; chromium %.0f ms\n", i + 1,
                 kiosk_cold.empty() ? -1.0 : kiosk_cold.back().first_frame_ms,
                 chromium_cold.empty() ? -1.0 : chromium_cold.back().first_frame_ms);
  }
  const double load_end = load_average();
  fs::remove_all(dir);

  auto side = [&](const std::vector<Sample>& warm, const std::vector<Sample>& cold) {
    json j = {{"first_frame_ms_warm", stats(pick(warm, &Sample::first_frame_ms))},
              {"first_frame_ms_cold", stats(pick(cold, &Sample::first_frame_ms))},
              {"pss_mib_idle", stats(pick(warm, &Sample::pss_mib))},
              {"rss_mib_idle", stats(pick(warm, &Sample::rss_mib))},
              {"idle_cpu_percent", stats(pick(warm, &Sample::cpu_percent))}};
    if (!warm.empty()) {
      j["processes"] = warm.back().processes;
      j["libraries_mapped"] = warm.back().libraries;
    }
    return j;
  };
  const auto ratio = [](const std::vector<double>& a, const std::vector<double>& b) -> json {
    const double ma = median(a), mb = median(b);
    if (ma < 0 || mb <= 0) return nullptr;
    return ma / mb;
  };
  const double kiosk_ff = median(pick(kiosk_warm, &Sample::first_frame_ms));
  const double kiosk_pss = median(pick(kiosk_warm, &Sample::pss_mib));
  const double kiosk_cpu = median(pick(kiosk_warm, &Sample::cpu_percent));
  json j = {
      {"bench", "kiosk_startup"},
      {"video", "x11 (Xvfb 1920x1080), software rendering"},
      {"load_average", {{"start", load_start}, {"end", load_end}}},
      {"pairs", {{"warm", o.pairs}, {"cold", can_drop ? o.cold_pairs : 0}}},
      {"idle_s", o.idle_s},
      {"cpu_s", o.cpu_s},
      {"kiosk", side(kiosk_warm, kiosk_cold)},
      {"chromium", have_chromium ? side(chromium_warm, chromium_cold) : json("not installed (tools/setup-deps.sh)")},
      {"ratios_kiosk_over_chromium",
       {{"first_frame_warm", ratio(pick(kiosk_warm, &Sample::first_frame_ms), pick(chromium_warm, &Sample::first_frame_ms))},
        {"first_frame_cold", ratio(pick(kiosk_cold, &Sample::first_frame_ms), pick(chromium_cold, &Sample::first_frame_ms))},
        {"pss_idle", ratio(pick(kiosk_warm, &Sample::pss_mib), pick(chromium_warm, &Sample::pss_mib))},
        {"rss_idle", ratio(pick(kiosk_warm, &Sample::rss_mib), pick(chromium_warm, &Sample::rss_mib))},
        {"idle_cpu", ratio(pick(kiosk_warm, &Sample::cpu_percent), pick(chromium_warm, &Sample::cpu_percent))}}},
      {"goals",
       {{"first_frame_warm_le_250ms", kiosk_ff >= 0 && kiosk_ff <= 250},
        {"pss_idle_le_100mib", kiosk_pss >= 0 && kiosk_pss <= 100},
        {"idle_cpu_le_0_3_percent", kiosk_cpu >= 0 && kiosk_cpu <= 0.3}}},
  };
  std::fprintf(stderr, "%s\n", j.dump(2).c_str());
  std::printf("%s\n", j.dump().c_str());
  return 0;
}
