#pragma once
// The social security card (社会保障卡) application without a PSAM (../shared/reference/hardware.md
// §6): SELECT the application by AID, SELECT EF05, READ RECORD 01…07. Each record is a TLV whose
// tag is the record number:
//   01 card identification code 卡识别码  an16  (first 6 digits: the issuing region's code)
//   02 card type 卡类别                   an1
//   03 spec version 规范版本              an4   ("3.00" = third generation)
//   04 initialising institution 初始化机构编号  cn/an (BCD or ASCII, up to 12 bytes)
//   05 issue date 发卡日期                cn4   (BCD YYYYMMDD)
//   06 expiry date 卡有效期               cn4   (BCD YYYYMMDD)
//   07 card number 卡号                   an9
// Name and social security number live in EF06, which needs PIN or PSAM authentication: reading
// them is out of scope, and the result says so as a value (PersonalData::NeedsPsam).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/secret.hpp"
#include "drivers/device_error.hpp"
#include "drivers/smartcard/apdu.hpp"

namespace ow::drivers::smartcard {

// "sx1.sh.社会保障" in GBK: the application's DF name.
inline constexpr std::array<std::uint8_t, 15> kSocialSecurityAid{
    0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF};
inline constexpr std::uint16_t kEfCardIdentification = 0xEF05;
inline constexpr std::uint8_t kFirstRecord = 0x01, kLastRecord = 0x07;

// A calendar date from the card (BCD YYYYMMDD), compared as the number yyyymmdd.
struct CardDate {
  int year = 0, month = 0, day = 0;
  int as_number() const { return year * 10000 + month * 100 + day; }
  std::string iso() const;  // "2031-05-20"
  friend bool operator==(const CardDate&, const CardDate&) = default;
};

// EF05: identifies the card, not the person. The identification code and the card number still
// lead to the person: they wipe themselves and are masked wherever they are shown
// (see mask_card_number).
struct CardIdentification {
  SecretString identification_code;  // 卡识别码, 16 characters
  std::string region_code;          // its first 6 digits: 发卡地区行政区划代码
  std::string card_type;            // 卡类别
  std::string spec_version;         // 规范版本, "3.00"
  std::string institution;          // 初始化机构编号
  CardDate issue_date;
  CardDate expiry_date;
  SecretString card_number;          // 卡号

  // Third generation = spec version 3.xx.
  bool third_generation() const { return !spec_version.empty() && spec_version[0] == '3'; }
  // Expired when today (yyyymmdd) is after the expiry date; the card is valid on its last day.
  bool expired_on(int today_yyyymmdd) const { return today_yyyymmdd > expiry_date.as_number(); }
  CardIdentification clone() const {
    return {identification_code.clone(), region_code, card_type, spec_version, institution, issue_date, expiry_date,
            card_number.clone()};
  }
};

// What happened to the personal fields (EF06) that need PIN/PSAM authentication.
enum class PersonalData {
  NeedsPsam,  // not read: the card requires PSAM external authentication; no PSAM reader is used
};
std::string_view to_string(PersonalData p);

struct CardReadResult {
  CardIdentification identification;
  PersonalData personal = PersonalData::NeedsPsam;
  CardReadResult clone() const { return {identification.clone(), personal}; }
};

// Why a card could not be read as a social security card.
enum class ReadFailure {
  NotSocialSecurityCard,  // the application is not on the card (6A82 on SELECT by AID)
  MissingRecord,          // EF05 or one of its records is missing
  Malformed,              // a record does not parse
  Removed,                // the card went away during the read
  CardError,              // any other status word or transport failure
};
std::string_view to_string(ReadFailure f);

struct ReadError {
  ReadFailure failure;
  std::string message;  // for technicians: APDU step and status word, never card data
};

// Parses one EF05 record (the TLV a READ RECORD returned) into `id`; `record` is the number read.
tl::expected<void, ReadError> parse_ef05_record(std::uint8_t record, std::span<const std::uint8_t> tlv,
                                                CardIdentification& id);
// The whole read without a PSAM: SELECT AID, SELECT EF05, READ RECORD 01…07, through `transmit`.
tl::expected<CardReadResult, ReadError> read_card(const Transmit& transmit);

// "A1*****89": the first character and the last two of the card number.
std::string mask_card_number(std::string_view number);
// The identification code with its region (first 6) and last 4 shown, like an ID number.
std::string mask_identification_code(std::string_view code);

// Today's local date as yyyymmdd (the kiosk's clock and time zone).
int local_today_yyyymmdd();

}  // namespace ow::drivers::smartcard
