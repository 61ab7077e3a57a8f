#pragma once
// Who the citizen is, as far as this session knows: read from an ID card, a social security card,
// or typed by hand. Personal data: every value wipes itself (base/secret.hpp); an Identity moves,
// clone() copies.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"
#include "drivers/idcard/card_data.hpp"
#include "drivers/smartcard/sscard.hpp"

namespace ow {

// ElectronicId: an electronic ID / social security QR code the platform resolved (扫码登录).
enum class IdentitySource { IdCard, SocialSecurityCard, Manual, ElectronicId };

struct Identity {
  IdentitySource source = IdentitySource::Manual;
  drivers::idcard::CardType card_type = drivers::idcard::CardType::ResidentId;
  SecretString name, sex, ethnicity, birth_date, address, id_number, authority, valid_from, valid_to;
  bool long_term = false;
  bool expired = false;
  SecretBytes photo_wlt;  // vendor WLT bytes; never decoded without the vendor library
  // Social security card: its number and region; the card holds no readable name or ID number
  // without a PSAM, so those come from an ID card or are typed.
  SecretString sscard_number, sscard_region, sscard_expiry;

  // Name and ID number vouched for: read from an ID card, or resolved by the platform from a QR code.
  bool has_verified_person() const { return source == IdentitySource::IdCard || source == IdentitySource::ElectronicId; }
  // The value for a form field's prefill source, e.g. "idcard.name"; nothing when unknown.
  std::optional<SecretString> prefill(std::string_view prefill_source) const;
  Identity clone() const;
};

Identity identity_from_card(const drivers::idcard::CardData& card);
Identity identity_from_sscard(const drivers::smartcard::CardReadResult& card, bool expired);

}  // namespace ow
