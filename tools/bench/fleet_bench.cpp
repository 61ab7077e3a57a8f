// bench_fleet: 1,000 kiosks come back after a one-hour platform outage with a backlog each; the
// platform's request rate over simulated time, its peak over the steady rate, and exactly-once
// delivery (fleet_sim.hpp). Options scale it down, e.g. --kiosks 100.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "tools/bench/fleet_sim.hpp"

int main(int argc, char** argv) {
  CLI::App app{"bench_fleet — a kiosk fleet after a platform outage, on simulated time"};
  ow::bench::FleetOptions o;
  o.platform_emu = OW_PLATFORM_EMU;
  o.work_dir = std::filesystem::temp_directory_path() / ("ow-bench-fleet-" + std::to_string(::getpid()));
  int outage_min = 60;
  app.add_option("--kiosks", o.kiosks, "Kiosks")->capture_default_str();
  app.add_option("--rate", o.submissions_per_kiosk_hour, "Submissions per kiosk per hour")->capture_default_str();
  app.add_option("--outage", outage_min, "Minutes the platform is down")->capture_default_str();
  app.add_option("--seed", o.seed, "Seed of arrivals and jitter")->capture_default_str();
  bool only_current = false;
  app.add_flag("--current-only", only_current, "Skip the run without the reconnect spread");
  CLI11_PARSE(app, argc, argv);
  o.outage = std::chrono::minutes(outage_min);

  // The engine as it was (the backoff alone) and as it is (with the reconnect spread), same arrivals.
  nlohmann::json out{{"bench", "fleet"}};
  bool once = true;
  for (const auto& [name, cap] : {std::pair{"backoff_only", 0}, std::pair{"reconnect_spread", 3600}}) {
    if (only_current && cap == 0) continue;
    o.reconnect_spread_cap = std::chrono::seconds(cap);
    auto result = ow::bench::run_fleet(o);
    if (!result) {
      std::fprintf(stderr, "bench_fleet: %s\n", result.error().c_str());
      return 1;
    }
    std::fprintf(stderr, "== %s\n%s", name, ow::bench::table(*result).c_str());
    out[name] = ow::bench::to_json(*result);
    once = once && result->exactly_once();
  }
  std::printf("%s\n", out.dump().c_str());
  return once ? 0 : 1;
}
