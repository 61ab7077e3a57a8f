// Fuzz target: the platform's applicant-profile answer (kiosk/identity/applicant_profile). Any bytes
// are accepted or refused without crashing; what is kept is only asked-for, clean and bounded.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kiosk/identity/applicant_profile.hpp"
#include "offline_store/platform_answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ow::store::HttpAnswer answer;
  answer.status = 200;
  answer.body = std::string_view(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string> asked = {"phone", "address", "contact_address", "employer", "bank_name", "bank_account"};
  auto p = ow::profile_from_answer(answer, asked);
  if (!p) return 0;
  if (p->fields.size() > asked.size()) std::abort();
  for (const auto& [name, value] : p->fields) {
    if (std::find(asked.begin(), asked.end(), name) == asked.end()) std::abort();
    if (value.empty() || value.size() > ow::kMaxProfileValue) std::abort();
    if (ow::store::bounded_text(value.view(), ow::kMaxProfileValue) != value.view()) std::abort();
  }
  return 0;
}
