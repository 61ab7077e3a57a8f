#pragma once
// A fleet of kiosks that lose the platform for an hour, on simulated time: one real SyncPass per
// kiosk (each with its own store in a temp dir) against a real platform-emu process, driven by a
// single-threaded discrete-event loop. The engines read the simulated clock (SyncConfig::clock),
// so their heartbeats, backoff and jitter run on it; the platform counts every v1 call it gets and
// each call is put in the simulated second of the pass that made it. The model and its figures:
// docs/architecture.md, "A fleet after an outage".
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace ow::bench {

struct FleetOptions {
  std::filesystem::path platform_emu;  // the platform-emu executable
  std::filesystem::path work_dir;      // the kiosks' stores go here (emptied first)
  int kiosks = 1000;
  double submissions_per_kiosk_hour = 6;  // Poisson arrivals per kiosk
  double evaluation_share = 0.5;          // citizens who rate their visit (30 s after submitting)
  // Kiosks start spread over `warmup` (so heartbeats and catalog polls are out of phase, as kiosks
  // switched on at different times); the steady rate is measured over `steady`, then the platform
  // answers 503 to everything for `outage`, then the run goes on for `after`.
  std::chrono::minutes warmup{15}, steady{20}, outage{60}, after{90};
  // Simulated time a request takes: the requests of one pass are placed this far apart.
  std::chrono::milliseconds round_trip{40};
  std::chrono::seconds reconnect_spread_cap{3600};  // SyncConfig::reconnect_spread_cap; 0: the engine without it
  std::uint64_t seed = 1;
};

// The platform's request rate with buckets of `bucket_s` simulated seconds.
struct RatePeak {
  int bucket_s = 0;
  double steady_rps = 0;        // mean over the steady window, before the outage
  double steady_max_rps = 0;    // the steady window's own busiest bucket: the noise floor
  double peak_rps = 0;          // the busiest bucket from the end of the outage on
  std::int64_t peak_at_s = 0;   // seconds after the end of the outage
  double ratio() const { return steady_rps > 0 ? peak_rps / steady_rps : 0; }
};

struct FleetResult {
  FleetOptions options;
  std::vector<std::int64_t> per_second;  // platform requests in each simulated second from t = 0
  std::vector<RatePeak> peaks;           // 1 s, 10 s and 60 s buckets
  double outage_rps = 0;                 // mean during the outage (each answered 503)
  double tail_rps = 0;                   // mean over the last 20 minutes
  std::int64_t backlog_at_end_of_outage = 0;  // queued submissions and evaluations, fleet-wide
  std::int64_t drained_after_s = -1;          // seconds after the outage until the queue is back to its steady size
  std::int64_t passes = 0;
  // Exactly once: what the kiosks committed against the platform's records.
  std::int64_t submissions = 0, evaluations = 0;
  std::int64_t platform_submissions = 0, platform_evaluations = 0, created = 0, replayed = 0, conflicts = 0;
  std::int64_t missing = 0;        // committed, not in the platform's records
  std::int64_t unknown = 0;        // in the platform's records, never committed
  std::int64_t duplicates = 0;     // submission ids listed more than once
  std::int64_t without_blobs = 0;  // platform records missing a referenced blob
  std::int64_t not_acked = 0;      // kiosk rows not acked with the platform's receipt number
  double real_seconds = 0;

  bool exactly_once() const {
    return missing == 0 && unknown == 0 && duplicates == 0 && without_blobs == 0 && not_acked == 0 && conflicts == 0 &&
           platform_submissions == submissions && platform_evaluations == evaluations;
  }
};

tl::expected<FleetResult, std::string> run_fleet(const FleetOptions& options);

// Figures for results/latest.json; the per-minute rates are included, the per-second ones not.
nlohmann::json to_json(const FleetResult& result);
// A table for people: the figures and a per-minute profile around the outage's end.
std::string table(const FleetResult& result);

}  // namespace ow::bench
