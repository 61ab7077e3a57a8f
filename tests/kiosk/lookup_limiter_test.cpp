// The wait after failed 办件查询 tries: free tries first, then a wait that grows and is forgotten.
#include <doctest/doctest.h>

#include "kiosk/hall/lookup_limiter.hpp"

using ow::LookupLimiter;
using namespace std::chrono_literals;

TEST_CASE("lookup limiter: five free tries, then 60 s, doubling to 15 minutes") {
  LookupLimiter limiter;
  LookupLimiter::Time t{};
  t += 1h;
  for (int i = 0; i < LookupLimiter::kFreeTries - 1; ++i) {
    limiter.failed(t);
    CHECK(limiter.wait_s(t) == 0);
  }
  limiter.failed(t);
  CHECK(limiter.wait_s(t) == 60);
  CHECK(limiter.wait_s(t + 59500ms) == 1);  // rounded up: never "0 seconds" while it waits
  CHECK(limiter.wait_s(t + 60s) == 0);
  t += 60s;
  limiter.failed(t);
  CHECK(limiter.wait_s(t) == 120);
  for (int i = 0; i < 10; ++i) limiter.failed(t += 20min);
  CHECK(limiter.wait_s(t) == 15 * 60);
}

TEST_CASE("lookup limiter: a match or half an hour without tries starts again") {
  LookupLimiter limiter;
  LookupLimiter::Time t{};
  for (int i = 0; i < 5; ++i) limiter.failed(t);
  CHECK(limiter.wait_s(t) > 0);
  limiter.matched();
  CHECK(limiter.wait_s(t) == 0);
  for (int i = 0; i < 4; ++i) limiter.failed(t);
  limiter.failed(t + 31min);  // the four before are forgotten
  CHECK(limiter.wait_s(t + 31min) == 0);
}
