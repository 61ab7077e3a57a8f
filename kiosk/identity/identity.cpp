#include "kiosk/identity/identity.hpp"

#include <sodium.h>

#include "kiosk/text_util.hpp"

namespace ow {

std::optional<std::string> Identity::prefill(std::string_view prefill_source) const {
  constexpr std::string_view kPrefix = "idcard.";
  if (prefill_source.substr(0, kPrefix.size()) != kPrefix || source != IdentitySource::IdCard) return std::nullopt;
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
  for (std::string* s : {&name, &sex, &ethnicity, &birth_date, &address, &id_number, &authority, &valid_from, &valid_to})
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
