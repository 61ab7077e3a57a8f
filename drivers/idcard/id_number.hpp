#pragma once
// GB 11643 citizen identity numbers: ISO 7064 MOD 11-2 check character and the embedded birth date.
#include <string_view>

namespace ow::drivers::idcard {

// The check character ('0'–'9' or 'X') for the first 17 digits; '\0' if they are not 17 digits.
char id_check_char(std::string_view first17);

// 18 characters, 17 digits + a correct check character (upper-case X only), and a real birth date.
bool id_number_valid(std::string_view id_number);

// YYYYMMDD names a day that exists in the Gregorian calendar (years 1850–2200).
bool yyyymmdd_valid(std::string_view date);

}  // namespace ow::drivers::idcard
