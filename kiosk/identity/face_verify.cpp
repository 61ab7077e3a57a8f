#include "kiosk/identity/face_verify.hpp"

#include <sodium.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/secret.hpp"
#include "kiosk/log.hpp"
#include "kiosk/secret_json.hpp"

namespace ow {

namespace {

bool plain_reference(const std::string& s) {
  return !s.empty() && s.size() <= kMaxReference &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
         });
}

// Goes straight into the request's SecretJson, which zeroes it.
std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

std::string_view to_string(VerifyFailure f) {
  switch (f) {
    case VerifyFailure::Offline: return "offline";
    case VerifyFailure::Refused: return "refused";
    case VerifyFailure::BadPhoto: return "photo not usable";
    case VerifyFailure::BadAnswer: return "bad answer";
  }
  return "offline";
}

VerifyResult verdict_from_answer(const store::HttpAnswer& answer) {
  if (!answer.reached()) return tl::unexpected(VerifyFailure::Offline);
  if (answer.status == 422) return tl::unexpected(VerifyFailure::BadPhoto);
  if (answer.status >= 400 && answer.status < 500 && answer.status != 408 && answer.status != 429)
    return tl::unexpected(VerifyFailure::Refused);
  if (answer.status != 200) return tl::unexpected(VerifyFailure::Offline);
  if (answer.body.size() > 4096) return tl::unexpected(VerifyFailure::BadAnswer);
  const auto j = nlohmann::json::parse(answer.body.view(), nullptr, false);
  if (!j.is_object()) return tl::unexpected(VerifyFailure::BadAnswer);
  const auto match = j.find("match");
  if (match == j.end() || !match->is_boolean()) return tl::unexpected(VerifyFailure::BadAnswer);
  FaceVerdict v;
  v.match = match->get<bool>();
  const auto reference = j.find("reference");
  if (reference != j.end() && reference->is_string() && plain_reference(reference->get_ref<const std::string&>()))
    v.reference = reference->get<std::string>();
  if (v.match) {
    // A match the submission cannot point to proves nothing to the back office.
    if (v.reference.empty()) return tl::unexpected(VerifyFailure::BadAnswer);
    return v;
  }
  const auto reason = j.find("reason");
  const std::string why = reason != j.end() && reason->is_string() ? reason->get<std::string>() : "";
  v.reason = why == "face_mismatch" ? MismatchReason::FaceMismatch
             : why == "no_record"   ? MismatchReason::NoRecord
                                    : MismatchReason::Other;
  return v;
}

VerifyResult verify_face(const store::PlatformEndpoint& endpoint, const VerifyRequest& request) {
  auto client = store::PlatformClient::create(endpoint);
  if (!client) {
    log::warn("identity", "face verification: no platform connection: " + client.error().message);
    return tl::unexpected(VerifyFailure::Offline);
  }
  SecretJson body(nlohmann::json::object());
  (*body)["kiosk_id"] = request.kiosk_id;
  (*body)["id_number"] = request.id_number;
  (*body)["liveness"] = capture::to_string(request.passed);
  (*body)["live_photo"] = base64(request.live_photo);
  if (!request.card_photo.empty()) (*body)["card_photo"] = base64(request.card_photo);
  const SecretString text = body.dump();
  const auto answer = (*client)->request("POST", "/v1/identity/verify", text.view(), {"Content-Type: application/json"}, 4096);
  auto result = verdict_from_answer(answer);
  if (!result)
    log::info("identity", "face verification: " + std::string(to_string(result.error())) +
                              (answer.reached() ? " (HTTP " + std::to_string(answer.status) + ")" : " (" + answer.transport_error + ")"));
  else
    log::info("identity", std::string("face verification: ") + (result->match ? "match" : "no match"));
  return result;
}

}  // namespace ow
