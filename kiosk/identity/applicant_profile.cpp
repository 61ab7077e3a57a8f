#include "kiosk/identity/applicant_profile.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/log.hpp"
#include "kiosk/secret_json.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/platform_answer.hpp"

namespace ow {

std::string_view to_string(ProfileFailure f) {
  switch (f) {
    case ProfileFailure::Offline: return "offline";
    case ProfileFailure::UnknownPerson: return "unknown person";
    case ProfileFailure::Refused: return "refused";
    case ProfileFailure::BadAnswer: return "bad answer";
  }
  return "offline";
}

ProfileResult profile_from_answer(const store::HttpAnswer& answer, const std::vector<std::string>& asked) {
  if (!answer.reached()) return tl::unexpected(ProfileFailure::Offline);
  if (answer.status == 404) return tl::unexpected(ProfileFailure::UnknownPerson);
  if (answer.status >= 400 && answer.status < 500 && answer.status != 408 && answer.status != 429)
    return tl::unexpected(ProfileFailure::Refused);
  if (answer.status != 200) return tl::unexpected(ProfileFailure::Offline);
  if (answer.body.size() > kMaxProfileAnswer) return tl::unexpected(ProfileFailure::BadAnswer);
  // The parsed copy holds personal values too, asked for or not: it zeroes them when it goes.
  SecretJson j(nlohmann::json::parse(answer.body.view(), nullptr, false));
  if (!j->is_object()) return tl::unexpected(ProfileFailure::BadAnswer);
  const auto fields = j->find("fields");
  if (fields == j->end() || !fields->is_object()) return tl::unexpected(ProfileFailure::BadAnswer);
  ApplicantProfile profile;
  for (const auto& name : asked) {
    const auto it = fields->find(name);
    if (it == fields->end() || !it->is_string()) continue;
    std::string& value = it->get_ref<std::string&>();
    // A value that would need cutting or cleaning is not what the platform holds: leave the field to the citizen.
    if (!value.empty() && value.size() <= kMaxProfileValue && store::bounded_text(value, kMaxProfileValue) == value)
      profile.fields[name] = std::move(value);  // zeroes the parsed copy
  }
  return profile;
}

ProfileResult fetch_applicant_profile(const store::PlatformEndpoint& endpoint, const std::string& kiosk_id,
                                      std::string_view id_number, const std::vector<std::string>& asked) {
  auto client = store::PlatformClient::create(endpoint);
  if (!client) {
    log::warn("prefill", "profile prefill: no platform connection: " + client.error().message);
    return tl::unexpected(ProfileFailure::Offline);
  }
  const std::vector<std::string> names(asked.begin(), asked.begin() + static_cast<std::ptrdiff_t>(std::min(asked.size(), kMaxProfileFields)));
  SecretJson request(nlohmann::json::object());
  (*request)["kiosk_id"] = kiosk_id;
  (*request)["id_number"] = id_number;
  (*request)["fields"] = names;
  const SecretString body = request.dump();
  auto answer = (*client)->request("POST", "/v1/applicant/profile", body.view(), {"Content-Type: application/json"}, kMaxProfileAnswer);
  auto result = profile_from_answer(answer, names);
  if (!result)
    log::info("prefill", "profile prefill: " + std::string(to_string(result.error())) +
                             (answer.reached() ? " (HTTP " + std::to_string(answer.status) + ")" : " (" + answer.transport_error + ")"));
  return result;
}

}  // namespace ow
