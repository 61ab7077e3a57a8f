#pragma once
// Who applied, and how the kiosk knows: built in one place for the form's pre-review, the printed
// receipt and the submission. A card or a QR code the platform resolved vouches for the name and ID
// number; otherwise they are what the citizen typed into the form (its `name`, `id_number` and
// `address` fields), and the submission says so.
#include <string>
#include <string_view>

#include "kiosk/catalog/prereview.hpp"
#include "kiosk/session/session.hpp"

namespace ow {

enum class ApplicantSource { IdCard, SsCard, Qr, Typed };
std::string_view to_string(ApplicantSource s);  // id_card | sscard | qr | typed: the submission's `source`

struct ApplicantRecord {
  catalog::Applicant applicant;  // personal
  ApplicantSource source = ApplicantSource::Typed;
  std::string verification;  // 实人核验's reference, when the platform matched the applicant's face
};

ApplicantRecord build_applicant(const SessionData& session);
// The submission's applicant block: name, ID number, sex, birth date, address, source, and the
// 实人核验 reference when the platform matched the applicant's face.
SecretString applicant_json(const ApplicantRecord& record);

}  // namespace ow
