#pragma once
// The receipt number a citizen gets (受理编号): 13 digits a person can read out, type on a numeric
// keypad and hear, made by the store when a submission commits.
//
//   KKKK YDDD SSSS C    e.g. 0001 6340 0001 7
//   KKKK  the kiosk's number (config [kiosk] number, unique in the fleet), 0000–9999
//   Y     the last digit of the year, DDD the day of the year (001–366): unique per kiosk for ten years
//   SSSS  the day's sequence on this kiosk, 0001–9999
//   C     Damm check digit: catches every single wrong digit and every swap of two neighbours
//
// Stores from before it hold <kiosk id>-YYYYMMDD-NNNN numbers ("KIOSK-0001-20261122-0001"), printed
// on receipts already in citizens' hands: they are still found. The platform's own number for a
// submission is another thing, learnt when it acknowledges it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::store {

inline constexpr std::size_t kReceiptDigits = 13;
inline constexpr int kMaxKioskNumber = 9999;
inline constexpr int kMaxDailyReceipts = 9999;

// The Damm check digit of a string of digits ('0'–'9' only).
char damm_check_digit(std::string_view digits);

// The receipt number of the `sequence`th submission of local day `day` ("20261206") on kiosk
// `kiosk_number`; nullopt when a part is out of range or the day is not a date.
std::optional<std::string> make_receipt_number(int kiosk_number, std::string_view day, int sequence);

enum class ReceiptNumberCheck {
  Valid,
  Wrong,     // 13 digits, but a digit is wrong (check digit, or no such day or sequence)
  NotShort,  // not 13 digits: another kind of number (the platform's, or an old local one)
};
ReceiptNumberCheck check_receipt_number(std::string_view s);

// For reading: a receipt number in groups of four ("0001 6340 0001 7"); any other text unchanged.
std::string group_receipt_number(std::string_view s);
// Digits in groups of four as they are typed ("000163" → "0001 63").
std::string group_digits(std::string_view digits);

// An old local receipt number is <kiosk id>-YYYYMMDD-NNNN; every row's key is YYYYMMDD * kReceiptsPerDay
// + its day's sequence. The row key of an old local number, nullopt when the text is not one.
inline constexpr std::int64_t kReceiptsPerDay = 1000000;
std::optional<std::int64_t> local_receipt_key(std::string_view receipt_no);

// The store's row keys (YYYYMMDD * 1000000 + sequence) the number can belong to: one for an old
// local number, one per year 2020–2099 with the right last digit for a receipt number, none for
// other text. The row's own number tells which one it is.
inline constexpr std::size_t kMaxReceiptRowKeys = 8;
std::vector<std::int64_t> receipt_row_keys(std::string_view receipt_no);

}  // namespace ow::store
