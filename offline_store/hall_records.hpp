#pragma once
// What the kiosk keeps for the service hall besides submissions: queue ticket numbers and
// "could not get it done here" (办不成事) reports. Neither holds personal data.
#include <cstdint>
#include <string>

namespace ow::store {

// One 办不成事 report: where in the journey the citizen gave up, and on which matter.
struct HelpRequest {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;   // unix ms
  std::string step;         // the screen's name ("form", "materials", …)
  std::string matter_code;  // empty before a matter was chosen
};

}  // namespace ow::store
