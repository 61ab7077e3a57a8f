#include "offline_store/receipt_number.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace ow::store {

namespace {
using namespace std::chrono;

// Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
constexpr std::array<std::array<std::uint8_t, 10>, 10> kDamm{{
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}};

constexpr int kFirstYear = 2020, kLastYear = 2099;

bool all_digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

int days_in_year(int y) { return year{y}.is_leap() ? 366 : 365; }

// The first year of the numbers' years (2020–2099) whose last digit is `digit`.
int first_year_ending_in(int digit) { return kFirstYear + (digit - kFirstYear % 10 + 10) % 10; }

// Day `day_of_year` (1-based) of year `y` as YYYYMMDD.
std::int64_t compact_date(int y, int day_of_year) {
  const year_month_day ymd{sys_days{year{y} / January / 1} + days{day_of_year - 1}};
  return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 10000 +
         static_cast<unsigned>(ymd.month()) * 100 + static_cast<unsigned>(ymd.day());
}
}  // namespace

char damm_check_digit(std::string_view digits) {
  std::uint8_t interim = 0;
  for (char c : digits) interim = kDamm[interim][static_cast<std::size_t>(c - '0')];
  return static_cast<char>('0' + interim);
}

std::optional<std::string> make_receipt_number(int kiosk_number, std::string_view day, int sequence) {
  if (kiosk_number < 0 || kiosk_number > kMaxKioskNumber || sequence < 1 || sequence > kMaxDailyReceipts ||
      day.size() != 8 || !all_digits(day))
    return std::nullopt;
  const year_month_day ymd{year{number(day.substr(0, 4))}, month{static_cast<unsigned>(number(day.substr(4, 2)))},
                           std::chrono::day{static_cast<unsigned>(number(day.substr(6, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  const int y = static_cast<int>(ymd.year());
  const auto day_of_year = (sys_days{ymd} - sys_days{ymd.year() / January / 1}).count() + 1;
  char body[32];
  std::snprintf(body, sizeof body, "%04d%d%03d%04d", kiosk_number, y % 10, static_cast<int>(day_of_year), sequence);
  std::string out = body;
  out += damm_check_digit(out);
  return out;
}

ReceiptNumberCheck check_receipt_number(std::string_view s) {
  if (s.size() != kReceiptDigits || !all_digits(s)) return ReceiptNumberCheck::NotShort;
  if (damm_check_digit(s) != '0') return ReceiptNumberCheck::Wrong;  // the check digit makes the whole come out 0
  const int day_of_year = number(s.substr(5, 3)), sequence = number(s.substr(8, 4));
  if (day_of_year < 1 || sequence < 1) return ReceiptNumberCheck::Wrong;
  // Day 366 only in leap years: never in a year ending in an odd digit.
  for (int y = first_year_ending_in(s[4] - '0'); y <= kLastYear; y += 10)
    if (day_of_year <= days_in_year(y)) return ReceiptNumberCheck::Valid;
  return ReceiptNumberCheck::Wrong;
}

std::string group_receipt_number(std::string_view s) {
  if (check_receipt_number(s) == ReceiptNumberCheck::NotShort) return std::string(s);
  return group_digits(s);
}

std::string group_digits(std::string_view digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

std::optional<std::int64_t> local_receipt_key(std::string_view receipt_no) {
  // <kiosk id>-YYYYMMDD-NNNN; the kiosk id may itself contain dashes.
  const auto dash = receipt_no.rfind('-');
  if (dash == std::string_view::npos || dash < 9 || receipt_no[dash - 9] != '-') return std::nullopt;
  const auto day = receipt_no.substr(dash - 8, 8), seq = receipt_no.substr(dash + 1);
  if (!all_digits(day) || seq.empty() || seq.size() > 6 || !all_digits(seq)) return std::nullopt;
  const std::int64_t n = number(seq);
  if (n < 1 || n >= kReceiptsPerDay) return std::nullopt;
  return std::int64_t{number(day)} * kReceiptsPerDay + n;
}

std::vector<std::int64_t> receipt_row_keys(std::string_view receipt_no) {
  if (const auto key = local_receipt_key(receipt_no)) return {*key};
  if (check_receipt_number(receipt_no) != ReceiptNumberCheck::Valid) return {};
  const int last_digit = receipt_no[4] - '0', day_of_year = number(receipt_no.substr(5, 3)),
            sequence = number(receipt_no.substr(8, 4));
  std::vector<std::int64_t> keys;
  for (int y = first_year_ending_in(last_digit); y <= kLastYear; y += 10)
    if (day_of_year <= days_in_year(y)) keys.push_back(compact_date(y, day_of_year) * kReceiptsPerDay + sequence);
  return keys;
}

}  // namespace ow::store
