#include "kiosk/application/applicant.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/secret_json.hpp"

namespace ow {

std::string_view to_string(ApplicantSource s) {
  switch (s) {
    case ApplicantSource::IdCard: return "id_card";
    case ApplicantSource::SsCard: return "sscard";
    case ApplicantSource::Qr: return "qr";
    case ApplicantSource::Typed: break;
  }
  return "typed";
}

namespace {
ApplicantSource source_of(const std::optional<Identity>& id) {
  if (!id) return ApplicantSource::Typed;
  switch (id->source) {
    case IdentitySource::IdCard: return ApplicantSource::IdCard;
    case IdentitySource::SocialSecurityCard: return ApplicantSource::SsCard;
    case IdentitySource::ElectronicId: return ApplicantSource::Qr;
    case IdentitySource::Manual: break;
  }
  return ApplicantSource::Typed;
}
}  // namespace

ApplicantRecord build_applicant(const SessionData& d) {
  ApplicantRecord r;
  r.source = source_of(d.identity);
  r.verification = d.verification;
  if (d.has_verified_person()) {
    const Identity& id = *d.identity;
    r.applicant = catalog::Applicant{id.name.clone(), id.id_number.clone(), id.sex.clone(), id.ethnicity.clone(), id.birth_date.clone(), id.address.clone()};
    return r;
  }
  // Typed by hand (a social security card names no person): the applicant is who the form names;
  // the birth date is in the ID number.
  auto value = [&](const char* key) {
    const auto it = d.form.find(key);
    return it == d.form.end() ? SecretString() : it->second.clone();
  };
  r.applicant.name = value("name");
  r.applicant.id_number = value("id_number");
  r.applicant.address = value("address");
  const std::string_view idn = r.applicant.id_number.view();
  if (idn.size() == 18) {
    SecretString birth(idn.substr(6, 4));
    birth.append("-").append(idn.substr(10, 2)).append("-").append(idn.substr(12, 2));
    r.applicant.birth_date = std::move(birth);
  }
  return r;
}

SecretString applicant_json(const ApplicantRecord& r) {
  const catalog::Applicant& a = r.applicant;
  SecretJson j(nlohmann::json::object());
  (*j)["name"] = a.name.str();
  (*j)["id_number"] = a.id_number.str();
  (*j)["sex"] = a.sex.str();
  (*j)["birth_date"] = a.birth_date.str();
  (*j)["address"] = a.address.str();
  (*j)["source"] = to_string(r.source);
  if (!r.verification.empty()) (*j)["verification"] = r.verification;
  return j.dump();
}

}  // namespace ow
