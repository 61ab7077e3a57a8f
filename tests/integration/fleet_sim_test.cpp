// The fleet simulation scaled down: 20 kiosks (real sync engines on simulated time) lose
// platform-emu for an hour; every submission and rating arrives exactly once, and the platform's
// peak over its steady rate is measured. No timing is asserted: the rates are simulated.
#include <doctest/doctest.h>

#include <cmath>
#include <unistd.h>

#include "tools/bench/fleet_sim.hpp"

using namespace ow::bench;

TEST_CASE("20 kiosks back from a one-hour outage deliver every submission exactly once") {
  FleetOptions o;
  o.platform_emu = OW_PLATFORM_EMU;
  o.work_dir = std::filesystem::temp_directory_path() / ("ow-fleet-test-" + std::to_string(::getpid()));
  o.kiosks = 20;
  o.seed = 3;
  const auto result = run_fleet(o);
  REQUIRE_MESSAGE(result, (result ? "" : result.error()));
  const FleetResult& r = *result;
  MESSAGE(table(r));

  CHECK(r.submissions > 100);
  CHECK(r.evaluations > 0);
  CHECK(r.backlog_at_end_of_outage > 0);  // the outage left work behind
  CHECK(r.outage_rps > 0);                // and the kiosks kept knocking while it lasted
  CHECK(r.platform_submissions == r.submissions);
  CHECK(r.created == r.submissions);
  CHECK(r.platform_evaluations == r.evaluations);
  CHECK(r.missing == 0);
  CHECK(r.unknown == 0);
  CHECK(r.duplicates == 0);
  CHECK(r.conflicts == 0);
  CHECK(r.without_blobs == 0);
  CHECK(r.not_acked == 0);
  CHECK(r.exactly_once());

  // The reconnect spread: the backlogs arrive over about the outage's length, not within the
  // backoff cap (300 s) and a heartbeat (60 s) of its end, as with the backoff alone.
  CHECK(r.drained_after_s > 360);

  REQUIRE(r.peaks.size() == 3);
  for (const auto& p : r.peaks) {
    CHECK(p.steady_rps > 0);
    CHECK(p.peak_rps >= p.steady_rps / 2);
    CHECK(std::isfinite(p.ratio()));
    CHECK(p.ratio() > 0);
  }
}
