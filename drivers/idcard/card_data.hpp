#pragma once
// What a card holds, parsed from the SAM's read reply: the 256-byte UCS-2LE text block (resident
// ID card, 'J' Hong Kong/Macau/Taiwan residence permit, 'I' foreigner permanent residence card of
// the old layout), the raw 1024-byte WLT photo and, when read, the fingerprint bytes.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"
#include "drivers/device_error.hpp"
#include "drivers/idcard/protocol.hpp"

namespace ow::drivers::idcard {

inline constexpr std::size_t kTextSize = 256, kPhotoSize = 1024, kFingerprintSize = 1024;

enum class CardType { ResidentId, HkMacauTaiwanPermit, ForeignerPermanent };
enum class Sex { Male, Female };

// Strings are UTF-8 with the card's padding trimmed; dates are YYYY-MM-DD. Everything read from the
// card is personal data and wipes itself (base/secret.hpp); a CardData moves, clone() copies.
struct CardData {
  CardType type = CardType::ResidentId;
  SecretString name;          // Chinese name (may be empty on a foreigner card)
  SecretString name_en;       // foreigner card only
  Sex sex = Sex::Male;
  SecretString ethnic_code;   // resident ID card only: GB 3304 two digits
  SecretString ethnicity;     // "汉", "蒙古", …
  SecretString birth_date;
  SecretString address;       // resident ID card and permit
  SecretString extra_address; // 追加住址 written after a move, when the reader was asked for it
  SecretString id_number;     // citizen / permit number, or the foreigner card number
  SecretString authority;     // issuing authority (foreigner card: issuing office code)
  SecretString valid_from;
  SecretString valid_to;      // empty when long_term
  bool long_term = false;    // 长期
  bool expired = false;      // set against the reading day by the reader (see card_expired)
  SecretString pass_number;   // permit: travel permit number
  SecretString issue_count;   // permit: how many times issued
  SecretString nationality;   // foreigner: ISO 3166 alpha-3 code
  SecretString card_version;  // foreigner
  SecretBytes photo_wlt;    // 1024 bytes, vendor WLT; see photo_decoder.hpp
  SecretBytes fingerprint;  // empty unless read with fingerprint

  CardData clone() const;
};

std::string_view card_type_id(CardType t);    // "resident_id", "hk_macau_taiwan_permit", "foreigner_permanent"
std::string_view card_type_name_zh(CardType t);
std::string_view sex_name_zh(Sex s);          // 男 / 女

// GB 3304 code → name (56 groups, 97 其他, 98 外国血统中国籍人士); empty when unknown.
std::string_view ethnic_name(std::string_view two_digits);

// UCS-2LE → UTF-8, padding (spaces, NULs) trimmed at both ends. The text is the card's: it comes
// back as a SecretString, built without leaving partial copies behind.
SecretString ucs2le_to_utf8(std::span<const std::uint8_t> bytes);

// Parses and checks the text block: an unknown type byte is Unsupported; a field that fails its
// check (ID number checksum, dates, sex, ethnic code) is BadFrame. Messages carry no personal data.
DeviceResult<CardData> parse_text_block(std::span<const std::uint8_t> text);

// A read base info (or read with fingerprint) reply's data: length fields, text, photo[, fingerprint].
DeviceResult<CardData> parse_card_reply(const Response& reply);

// Past its last valid day on `today` (YYYYMMDD). A 长期 card never expires.
bool card_expired(const CardData& card, std::string_view today_yyyymmdd);
// Today's local date as YYYYMMDD.
std::string local_today();

}  // namespace ow::drivers::idcard
