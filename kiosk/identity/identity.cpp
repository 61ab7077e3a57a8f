#include "kiosk/identity/identity.hpp"

#include <sodium.h>

#include "kiosk/text_util.hpp"

namespace ow {

std::optional<std::string> Identity::prefill(std::string_view prefill_source) const {
  constexpr std::string_view kSsPrefix = "sscard.";
  if (prefill_source.substr(0, kSsPrefix.size()) == kSsPrefix && source == IdentitySource::SocialSecurityCard) {
    const std::string_view field = prefill_source.substr(kSsPrefix.size());
    if (field == "card_number" && !sscard_number.empty()) return sscard_number;
    if (field == "region" && !sscard_region.empty()) return sscard_region;
    return std::nullopt;
  }
  constexpr std::string_view kPrefix = "idcard.";
  // The platform's answer to a QR login carries the same facts as the card, verified by the issuer.
  const bool card_facts = source == IdentitySource::IdCard || source == IdentitySource::ElectronicId;
  if (prefill_source.substr(0, kPrefix.size()) != kPrefix || !card_facts) return std::nullopt;
  const std::string_view field = prefill_source.substr(kPrefix.size());
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"name", &name},           {"sex", &sex},           {"ethnicity", &ethnicity}, {"birth_date", &birth_date},
      {"address", &address},     {"id_number", &id_number}, {"authority", &authority}, {"valid_from", &valid_from},
      {"valid_to", &valid_to},
  };
  for (const auto& [key, value] : fields)
    if (key == field && !value->empty()) return *value;
  return std::nullopt;
}

void Identity::wipe() {
  for (std::string* s : {&name, &sex, &ethnicity, &birth_date, &address, &id_number, &authority, &valid_from, &valid_to,
                         &sscard_number, &sscard_region, &sscard_expiry})
    ow::wipe(*s);
  if (!photo_wlt.empty()) sodium_memzero(photo_wlt.data(), photo_wlt.size());
  photo_wlt.clear();
  photo_wlt.shrink_to_fit();
  *this = Identity{};
}

Identity identity_from_card(const drivers::idcard::CardData& card) {
  Identity id;
  id.source = IdentitySource::IdCard;
  id.card_type = card.type;
  id.name = card.name.empty() ? card.name_en : card.name;
  id.sex = std::string(drivers::idcard::sex_name_zh(card.sex));
  id.ethnicity = card.ethnicity;
  id.birth_date = card.birth_date;
  id.address = card.address;
  id.id_number = card.id_number;
  id.authority = card.authority;
  id.valid_from = card.valid_from;
  id.valid_to = card.valid_to;
  id.long_term = card.long_term;
  id.expired = card.expired;
  id.photo_wlt = card.photo_wlt;
  return id;
}

}  // namespace ow

namespace ow {

Identity identity_from_sscard(const drivers::smartcard::CardReadResult& card, bool expired) {
  Identity id;
  id.source = IdentitySource::SocialSecurityCard;
  id.sscard_number = card.identification.card_number;
  id.sscard_region = card.identification.region_code;
  id.sscard_expiry = card.identification.expiry_date.iso();
  id.expired = expired;
  return id;
}

}  // namespace ow
