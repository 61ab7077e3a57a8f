#include "kiosk/identity/identity.hpp"


namespace ow {

std::optional<SecretString> Identity::prefill(std::string_view prefill_source) const {
  constexpr std::string_view kSsPrefix = "sscard.";
  if (prefill_source.substr(0, kSsPrefix.size()) == kSsPrefix && source == IdentitySource::SocialSecurityCard) {
    const std::string_view field = prefill_source.substr(kSsPrefix.size());
    if (field == "card_number" && !sscard_number.empty()) return sscard_number.clone();
    if (field == "region" && !sscard_region.empty()) return sscard_region.clone();
    return std::nullopt;
  }
  constexpr std::string_view kPrefix = "idcard.";
  // The platform's answer to a QR login carries the same facts as the card, verified by the issuer.
  const bool card_facts = source == IdentitySource::IdCard || source == IdentitySource::ElectronicId;
  if (prefill_source.substr(0, kPrefix.size()) != kPrefix || !card_facts) return std::nullopt;
  const std::string_view field = prefill_source.substr(kPrefix.size());
  const std::pair<std::string_view, const SecretString*> fields[] = {
      {"name", &name},           {"sex", &sex},           {"ethnicity", &ethnicity}, {"birth_date", &birth_date},
      {"address", &address},     {"id_number", &id_number}, {"authority", &authority}, {"valid_from", &valid_from},
      {"valid_to", &valid_to},
  };
  for (const auto& [key, value] : fields)
    if (key == field && !value->empty()) return value->clone();
  return std::nullopt;
}

Identity Identity::clone() const {
  Identity c;
  c.source = source;
  c.card_type = card_type;
  c.name = name.clone();
  c.sex = sex.clone();
  c.ethnicity = ethnicity.clone();
  c.birth_date = birth_date.clone();
  c.address = address.clone();
  c.id_number = id_number.clone();
  c.authority = authority.clone();
  c.valid_from = valid_from.clone();
  c.valid_to = valid_to.clone();
  c.long_term = long_term;
  c.expired = expired;
  c.photo_wlt = photo_wlt.clone();
  c.sscard_number = sscard_number.clone();
  c.sscard_region = sscard_region.clone();
  c.sscard_expiry = sscard_expiry.clone();
  return c;
}

Identity identity_from_card(const drivers::idcard::CardData& card) {
  Identity id;
  id.source = IdentitySource::IdCard;
  id.card_type = card.type;
  id.name = (card.name.empty() ? card.name_en : card.name).clone();
  id.sex = drivers::idcard::sex_name_zh(card.sex);
  id.ethnicity = card.ethnicity.clone();
  id.birth_date = card.birth_date.clone();
  id.address = card.address.clone();
  id.id_number = card.id_number.clone();
  id.authority = card.authority.clone();
  id.valid_from = card.valid_from.clone();
  id.valid_to = card.valid_to.clone();
  id.long_term = card.long_term;
  id.expired = card.expired;
  id.photo_wlt = card.photo_wlt.clone();
  return id;
}

}  // namespace ow

namespace ow {

Identity identity_from_sscard(const drivers::smartcard::CardReadResult& card, bool expired) {
  Identity id;
  id.source = IdentitySource::SocialSecurityCard;
  id.sscard_number = card.identification.card_number.clone();
  id.sscard_region = std::string_view(card.identification.region_code);
  id.sscard_expiry = card.identification.expiry_date.iso();
  id.expired = expired;
  return id;
}

}  // namespace ow
