// The kiosk's start-up hardening (issue 24, item 6): no core dumps, not dumpable (no ptrace or
// /proc/<pid>/mem by other processes of the kiosk user).
#include <doctest/doctest.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "base/process_hardening.hpp"

TEST_CASE("hardening: after harden_process the kiosk is not dumpable and writes no core") {
  REQUIRE(ow::harden_process());
  CHECK(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
  rlimit core{};
  REQUIRE(::getrlimit(RLIMIT_CORE, &core) == 0);
  CHECK(core.rlim_cur == 0);
  CHECK(core.rlim_max == 0);  // and it cannot raise it again
}
