#pragma once
// Form pre-fill on the emulated platform: POST /v1/applicant/profile answers what the platform
// knows about a person (phone, addresses, employer, bank) from a fixture file of fictitious people.
// 200 {"fields": {…}} with only the fields asked for and known; 404 an unknown person; 400 a body
// that does not name a person and the fields wanted. Neither ID numbers nor values are logged.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

class ApplicantProfiles {
 public:
  // No file: every person is unknown (404).
  static std::unique_ptr<ApplicantProfiles> load(const std::filesystem::path& file, std::string& error);
  Answer lookup(const std::string& body) const;  // read-only after load: safe on every server thread

 private:
  std::map<std::string, nlohmann::json> by_id_number_;  // id_number → {"field": "value", …}
};

}  // namespace ow::emu
