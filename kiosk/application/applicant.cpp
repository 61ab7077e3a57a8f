#include "kiosk/application/applicant.hpp"

#include <nlohmann/json.hpp>

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
  if (d.identity && d.identity->has_verified_person()) {
    const Identity& id = *d.identity;
    r.applicant = catalog::Applicant{id.name.str(), id.id_number.str(), id.sex.str(), id.ethnicity.str(), id.birth_date.str(), id.address.str()};
    return r;
  }
  // Typed by hand (a social security card names no person): the applicant is who the form names;
  // the birth date is in the ID number.
  auto value = [&](const char* key) {
    const auto it = d.form.find(key);
    return it == d.form.end() ? std::string() : it->second;
  };
  r.applicant.name = value("name");
  r.applicant.id_number = value("id_number");
  r.applicant.address = value("address");
  const std::string& idn = r.applicant.id_number;
  if (idn.size() == 18) r.applicant.birth_date = idn.substr(6, 4) + "-" + idn.substr(10, 2) + "-" + idn.substr(12, 2);
  return r;
}

std::string applicant_json(const ApplicantRecord& r) {
  const catalog::Applicant& a = r.applicant;
  return nlohmann::json{{"name", a.name},
                        {"id_number", a.id_number},
                        {"sex", a.sex},
                        {"birth_date", a.birth_date},
                        {"address", a.address},
                        {"source", to_string(r.source)}}
      .dump();
}

}  // namespace ow
