// The statutory retirement age against the month-by-month tables attached to the State Council's
// measures for the gradual raise (2024), at each table's first and last rows and around them.
#include <doctest/doctest.h>

#include "kiosk/catalog/jsonlogic.hpp"
#include "kiosk/catalog/retirement.hpp"

using namespace ow::catalog;

namespace {

std::string age_of(int year, int month, int original) {
  const auto a = retirement::statutory_age(year, month, original);
  return a ? std::to_string(a->years) + "y" + std::to_string(a->months) + "m" : "none";
}

nlohmann::json eval(const nlohmann::json& logic) {
  auto r = jsonlogic::apply(logic, nlohmann::json::object(), {"2026-12-07"});
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("men, whose old age was 60: one month more for every four months of births from 1965-01, up to 63") {
  CHECK(age_of(1964, 12, 60) == "60y0m");
  CHECK(age_of(1965, 1, 60) == "60y1m");
  CHECK(age_of(1965, 4, 60) == "60y1m");
  CHECK(age_of(1965, 5, 60) == "60y2m");
  CHECK(age_of(1965, 12, 60) == "60y3m");
  CHECK(age_of(1966, 1, 60) == "60y4m");
  CHECK(age_of(1976, 8, 60) == "62y11m");
  CHECK(age_of(1976, 9, 60) == "63y0m");
  CHECK(age_of(1990, 6, 60) == "63y0m");
}

TEST_CASE("women whose old age was 55: four-month steps from 1970-01, up to 58") {
  CHECK(age_of(1969, 12, 55) == "55y0m");
  CHECK(age_of(1970, 1, 55) == "55y1m");
  CHECK(age_of(1970, 5, 55) == "55y2m");
  CHECK(age_of(1981, 8, 55) == "57y11m");
  CHECK(age_of(1981, 9, 55) == "58y0m");
}

TEST_CASE("women whose old age was 50: two-month steps from 1975-01, up to 55") {
  CHECK(age_of(1974, 12, 50) == "50y0m");
  CHECK(age_of(1975, 1, 50) == "50y1m");
  CHECK(age_of(1975, 2, 50) == "50y1m");
  CHECK(age_of(1975, 3, 50) == "50y2m");
  CHECK(age_of(1984, 10, 50) == "54y11m");
  CHECK(age_of(1984, 11, 50) == "55y0m");
  CHECK(age_of(1995, 1, 50) == "55y0m");
}

TEST_CASE("an old age the law never had has no answer") {
  CHECK(age_of(1970, 1, 45) == "none");
  CHECK(age_of(1970, 13, 60) == "none");
}

TEST_CASE("the rule operation gives the day the age is reached, as the tables' retirement months say") {
  CHECK(eval({{"retirement_date", {"1965-01-15", 60}}}) == "2025-02-15");  // table: 2025年2月
  CHECK(eval({{"retirement_date", {"1965-12-31", 60}}}) == "2026-03-31");  // 60y3m: 2026年3月
  CHECK(eval({{"retirement_date", {"1976-09-01", 60}}}) == "2039-09-01");
  CHECK(eval({{"retirement_date", {"1975-03-31", 50}}}) == "2025-05-31");  // 50y2m: 2025年5月
  CHECK(eval({{"retirement_date", {"1975-04-30", 50}}}) == "2025-06-30");  // table: 2025年6月
  CHECK(eval({{"retirement_date", {"1984-11-20", 50}}}) == "2039-11-20");
  CHECK(eval({{"retirement_date", {"1970-01-31", 55}}}) == "2025-02-28");  // month end clamps
  CHECK(eval({{"retirement_date", {"1960-05-05", 60}}}) == "2020-05-05");
  CHECK(eval({{"retirement_date", {"not a date", 60}}}).is_null());
  CHECK(eval({{"retirement_date", {"1970-01-01", 45}}}).is_null());
  // A rule compares it with today as text.
  CHECK(eval({{"<=", {{{"retirement_date", {"1966-07-01", 60}}}, {{"today", nlohmann::json::array()}}}}}) == true);
  CHECK(eval({{"<=", {{{"retirement_date", {"1966-08-01", 60}}}, {{"today", nlohmann::json::array()}}}}}) == false);
}

TEST_CASE("the minimum contribution: 15 years to 2029, six months more each year from 2030, 20 years from 2039") {
  CHECK(retirement::min_contribution_months(2025) == 180);
  CHECK(retirement::min_contribution_months(2029) == 180);
  CHECK(retirement::min_contribution_months(2030) == 186);
  CHECK(retirement::min_contribution_months(2031) == 192);
  CHECK(retirement::min_contribution_months(2038) == 234);
  CHECK(retirement::min_contribution_months(2039) == 240);
  CHECK(retirement::min_contribution_months(2050) == 240);
  CHECK(eval({{"min_contribution_months", {"2030-01-01"}}}) == 186);
  CHECK(eval({{"min_contribution_months", {2035}}}) == 216);
  CHECK(jsonlogic::check({{"retirement_date", {"1970-01-01"}}}).has_value() == false);
}
