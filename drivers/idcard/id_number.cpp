#include "drivers/idcard/id_number.hpp"

namespace ow::drivers::idcard {

namespace {
bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

char id_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (first17.size() != 17 || !all_digits(first17)) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

bool yyyymmdd_valid(std::string_view d) {
  if (d.size() != 8 || !all_digits(d)) return false;
  const int y = to_int(d.substr(0, 4)), m = to_int(d.substr(4, 2)), day = to_int(d.substr(6, 2));
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return day <= max;
}

bool id_number_valid(std::string_view id) {
  if (id.size() != 18) return false;
  const char check = id_check_char(id.substr(0, 17));
  return check != '\0' && check == id[17] && yyyymmdd_valid(id.substr(6, 8));
}

}  // namespace ow::drivers::idcard
