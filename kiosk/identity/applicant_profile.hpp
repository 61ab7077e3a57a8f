#pragma once
// Form pre-fill from the platform: what it already knows about the applicant (phone, addresses,
// employer, bank account), asked for the fields a form needs. docs/platform-api.md:
//   POST /v1/applicant/profile  {"kiosk_id", "id_number", "fields": [names]}
//   200 {"fields": {name: value}} (only the fields it knows)  404 unknown person  400 a bad request.
// Anything else, or no answer in time: no pre-fill. The answer is untrusted outside input; its
// values are personal data, never logged.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "base/secret.hpp"
#include "offline_store/platform_client.hpp"

namespace ow {

enum class ProfileFailure {
  Offline,        // no answer, a timeout, 5xx/429/408, or any status the call does not define
  UnknownPerson,  // 404: the platform holds nothing on this person
  Refused,        // 400 or another 4xx: the platform did not accept the request
  BadAnswer,      // 200 whose body is not {"fields": {…}}
};
std::string_view to_string(ProfileFailure f);

inline constexpr std::size_t kMaxProfileFields = 32;        // names asked in one request
inline constexpr std::size_t kMaxProfileValue = 200;        // bytes of one value
inline constexpr std::size_t kMaxProfileAnswer = 64 * 1024; // bytes of the answer body

// Its values wipe themselves when they go (SecretString): also a late answer still queued for the
// UI thread when the kiosk shuts down, and the old values of a profile assigned over. Move-only.
struct ApplicantProfile {
  std::map<std::string, SecretString> fields;  // platform field name → value (personal data)
};

using ProfileResult = tl::expected<ApplicantProfile, ProfileFailure>;

// The platform's answer → the values of the fields asked for. Keeps only string values of asked
// names that are valid UTF-8 without control characters, non-empty and at most kMaxProfileValue
// bytes; ignores everything else. Pure; fuzzed.
ProfileResult profile_from_answer(const store::HttpAnswer& answer, const std::vector<std::string>& asked);

// Asks the platform (at most kMaxProfileFields names) and waits up to endpoint.request_timeout.
// Blocking: call it on a worker thread. Logs the failure kind only; the request body is wiped.
ProfileResult fetch_applicant_profile(const store::PlatformEndpoint& endpoint, const std::string& kiosk_id,
                                      std::string_view id_number, const std::vector<std::string>& asked);

}  // namespace ow
