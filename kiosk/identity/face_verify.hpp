#pragma once
// 实人核验: the platform compares a live photo (taken after a liveness challenge passed) with the
// registered photo of the ID number, and with the card's photo where the reader gave one.
// docs/platform-api.md:
//   POST /v1/identity/verify {"kiosk_id", "id_number", "liveness", "live_photo", "card_photo"?}
//   200 {"match": bool, "reference": "…", "reason": "" | "face_mismatch" | "no_record"}
//   400 a bad request, 422 a photo the service cannot use.
// The photos and the ID number are personal data: the request body wipes itself, nothing is logged
// but the outcome.
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "kiosk/capture/liveness.hpp"
#include "offline_store/platform_client.hpp"

namespace ow {

enum class VerifyFailure {
  Offline,    // no answer, a timeout, 5xx/429/408, or a status the call does not define
  Refused,    // 400 or another final 4xx: the request was not accepted
  BadPhoto,   // 422: the service could not use the photo; take another
  BadAnswer,  // 200 whose body is not a verdict
};
std::string_view to_string(VerifyFailure f);

enum class MismatchReason {
  None,           // a match
  FaceMismatch,   // the live face is not the registered person
  NoRecord,       // the service holds no photo for this ID number
  Other,          // a reason this kiosk does not know
};

struct FaceVerdict {
  bool match = false;
  std::string reference;  // goes with the submission (applicant.verification)
  MismatchReason reason = MismatchReason::None;
};

using VerifyResult = tl::expected<FaceVerdict, VerifyFailure>;

inline constexpr std::size_t kMaxReference = 64;

// The platform's answer → a verdict. A match needs a reference of letters, digits and '-' of at most
// kMaxReference bytes. Pure; fuzzed.
VerifyResult verdict_from_answer(const store::HttpAnswer& answer);

struct VerifyRequest {
  std::string_view kiosk_id;
  std::string_view id_number;
  capture::LivenessChallenge passed;  // the challenge the citizen passed before the photo
  std::string_view live_photo;        // JPEG
  std::string_view card_photo;        // JPEG, or empty
};

// Blocking: call it on a worker thread; waits up to endpoint.request_timeout.
VerifyResult verify_face(const store::PlatformEndpoint& endpoint, const VerifyRequest& request);

}  // namespace ow
