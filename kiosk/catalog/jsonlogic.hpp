#pragma once
// A JsonLogic (jsonlogic.com) evaluator with the catalog's extra operations, so the kiosk and the
// platform evaluate the same eligibility, validation and review rules:
//   {"today": []}                         → the evaluation day, "YYYY-MM-DD"
//   {"age": [birth_date, at?]}            → whole years from birth_date to `at` (default today)
//   {"date_add": [date, n, unit]}         → date moved by n "day" | "month" | "year"
//   {"date_diff": [from, to, unit]}       → whole days | months | years from `from` to `to`
//   {"id_number_valid": [s]}              → GB 11643 check digit and birth date
//   {"credit_code_valid": [s]}            → GB 32100 unified social credit code check character
//   {"retirement_date": [birth, age]}     → the day the statutory retirement age is reached by one
//                                           whose old statutory age was 60, 55 or 50 (retirement.hpp)
//   {"min_contribution_months": [date]}   → months of contributions a pension needs when retiring
//                                           on that date (or in that year)
// Dates are "YYYY-MM-DD" (or "YYYYMMDD"); an unreadable date makes the date operations null.
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/result.hpp"

namespace ow::catalog::jsonlogic {

struct Context {
  std::string today;  // "YYYY-MM-DD"; the kiosk's local date when a rule runs
};

// The rule's value for `data`, or an error naming an unknown operation or a malformed argument.
Result<nlohmann::json> apply(const nlohmann::json& logic, const nlohmann::json& data, const Context& ctx);

// Every operation is one this evaluator knows and every argument list is well formed.
Result<void> check(const nlohmann::json& logic);

// JsonLogic truthiness: false, null, 0, "" and [] are false.
bool truthy(const nlohmann::json& value);

// GB 32100-2015 unified social credit code: 18 characters of the code set and a right check character.
bool credit_code_valid(const std::string& code);

// Days since 1970-01-01 for "YYYY-MM-DD" or "YYYYMMDD"; false when it names no real day.
bool parse_date(const std::string& s, long& days);
std::string format_date(long days);

}  // namespace ow::catalog::jsonlogic
