// Issue 24: what technicians must see in the status — an expired catalog still served (item 12)
// and a platform that refuses the kiosk (item 10).
#include <doctest/doctest.h>

#include "kiosk/maintenance/status_report.hpp"

using namespace ow;

namespace {
bool mentions(const std::vector<std::string>& problems, const std::string& word) {
  for (const auto& p : problems)
    if (p.find(word) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("an expired catalog that is still served is a problem in the status, and flagged") {
  Config config;
  maintenance::StatusInputs in;
  in.source = "files";
  in.catalog.version = "7";
  in.catalog.expires = "2020-01-01T00:00:00Z";
  CHECK(mentions(maintenance::problems(in), "expired"));
  const auto doc = maintenance::status_json(config, in);
  CHECK(doc["catalog"].value("expired", false));
  in.catalog.expires = "2099-01-01T00:00:00Z";
  CHECK_FALSE(mentions(maintenance::problems(in), "expired"));
}

TEST_CASE("a platform that refuses the kiosk is a problem in the status, with when it began") {
  Config config;
  maintenance::StatusInputs in;
  in.source = "kiosk";
  store::SyncStatus sync;
  sync.configured = true;
  sync.online = true;  // it answers: 401 is an answer
  sync.platform_fault = "submission: HTTP 401 refused by the gateway";
  sync.platform_fault_ms = 1796640000000;
  in.sync = sync;
  CHECK(mentions(maintenance::problems(in), "HTTP 401"));
  const auto doc = maintenance::status_json(config, in);
  CHECK(doc["network"]["platform_fault"] == sync.platform_fault);
  CHECK(doc["network"]["platform_fault_since"].is_string());
}
