#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/catalog/jsonlogic.hpp"

using nlohmann::json;
using namespace ow::catalog;

namespace {
json eval(const json& logic, const json& data = nullptr, const std::string& today = "2025-06-15") {
  auto r = jsonlogic::apply(logic, data, jsonlogic::Context{today});
  REQUIRE_MESSAGE(r, r.error().message);
  return *r;
}
}  // namespace

TEST_CASE("every case of the JsonLogic conformance file passes") {
  std::ifstream in(std::filesystem::path(OW_TEST_DATA_DIR) / "data" / "jsonlogic-tests.json");
  REQUIRE(in);
  const json cases = json::parse(in);
  int run = 0;
  std::string section;
  for (const auto& c : cases) {
    if (c.is_string()) {
      section = c.get<std::string>();
      continue;
    }
    const json got = eval(c[0], c[1]);
    CHECK_MESSAGE(got == c[2], section << ": " << c[0].dump() << " with " << c[1].dump() << " gave " << got.dump()
                                       << ", expected " << c[2].dump());
    ++run;
  }
  CHECK(run == 72);
}

TEST_CASE("the standard operations beyond the conformance file behave as in json-logic-js") {
  CHECK(eval({{"==", {1, "1"}}}) == true);
  CHECK(eval({{"===", {1, "1"}}}) == false);
  CHECK(eval({{"!=", {0, false}}}) == false);
  CHECK(eval({{"<", {1, 2, 3}}}) == true);
  CHECK(eval({{"<=", {1, 1, 0}}}) == false);
  CHECK(eval({{"and", {true, "", 3}}}) == "");
  CHECK(eval({{"or", {false, 0, "a"}}}) == "a");
  CHECK(eval({{"!", {json::array()}}}) == true);
  CHECK(eval({{"max", {1, 3, 2}}}) == 3);
  CHECK(eval({{"-", {5}}}) == -5);
  CHECK(eval({{"/", {1, 4}}}) == 0.25);
  CHECK(eval({{"%", {7, 3}}}) == 1);
  CHECK(eval({{"in", {"保", "社会保障卡"}}}) == true);
  CHECK(eval({{"in", {"b", {"a", "b"}}}}) == true);
  CHECK(eval({{"substr", {"社会保障卡", 2, 2}}}) == "保障");
  CHECK(eval({{"substr", {"社会保障卡", -1}}}) == "卡");
  CHECK(eval({{"cat", {"v", 1.5, true}}}) == "v1.5true");
  CHECK(eval({{"var", "a.b.1"}}, {{"a", {{"b", {10, 20}}}}}) == 20);
  CHECK(eval({{"var", {"nope", "fallback"}}}, json::object()) == "fallback");
  CHECK(eval({{"missing_some", {1, {"a", "b"}}}}, {{"a", 1}}) == json::array());
  CHECK(eval({{"missing_some", {2, {"a", "b"}}}}, {{"a", 1}}) == json::array({"b"}));
  CHECK(eval({{"map", {{{"var", "x"}}, {{"*", {{{"var", ""}}, 2}}}}}}, {{"x", {1, 2}}}) == json::array({2, 4}));
  CHECK(eval({{"filter", {{1, 2, 3}, {{">", {{{"var", ""}}, 1}}}}}}) == json::array({2, 3}));
  CHECK(eval({{"reduce", {{1, 2, 3}, {{"+", {{{"var", "current"}}, {{"var", "accumulator"}}}}}, 0}}}) == 6);
  CHECK(eval({{"all", {{1, 2}, {{">", {{{"var", ""}}, 0}}}}}}) == true);
  CHECK(eval({{"none", {{1, 2}, {{">", {{{"var", ""}}, 1}}}}}}) == false);
  CHECK(eval({{"some", {{1, 2}, {{">", {{{"var", ""}}, 1}}}}}}) == true);
}

TEST_CASE("age counts whole years and birthdays, at today or at a given date") {
  CHECK(eval({{"age", {"1965-06-15"}}}) == 60);
  CHECK(eval({{"age", {"1965-06-16"}}}) == 59);
  CHECK(eval({{"age", {"19650615", "2025-06-14"}}}) == 59);
  CHECK(eval({{"age", {"2000-02-29", "2001-02-28"}}}) == 1);  // a leap-day birthday counts on 28 Feb
  CHECK(eval({{"age", {"2000-02-29", "2001-02-27"}}}) == 0);
  CHECK(eval({{"age", {"not a date"}}}).is_null());
  CHECK(eval({{">=", {{{"age", {{{"var", "applicant.birth_date"}}}}}, 60}}}, {{"applicant", {{"birth_date", "1960-01-01"}}}}) ==
        true);
}

TEST_CASE("date arithmetic adds days, months and years and counts between dates") {
  CHECK(eval({{"today", json::array()}}) == "2025-06-15");
  CHECK(eval({{"date_add", {"2024-02-28", 1, "day"}}}) == "2024-02-29");
  CHECK(eval({{"date_add", {"2024-01-31", 1, "month"}}}) == "2024-02-29");
  CHECK(eval({{"date_add", {"2024-02-29", 1, "year"}}}) == "2025-02-28");
  CHECK(eval({{"date_add", {"2025-01-15", -1, "month"}}}) == "2024-12-15");
  CHECK(eval({{"date_diff", {"2025-01-01", "2025-03-01", "day"}}}) == 59);
  CHECK(eval({{"date_diff", {"2025-01-31", "2025-02-28", "month"}}}) == 1);  // end of a short month
  CHECK(eval({{"date_diff", {"2020-06-16", "2025-06-15", "year"}}}) == 4);
  CHECK(eval({{"<", {{{"date_add", {"2025-06-01", 30, "day"}}}, {{"today", json::array()}}}}}) == false);
}

TEST_CASE("identity numbers and unified social credit codes are checked by their check characters") {
  CHECK(eval({{"id_number_valid", {"11010519491231002X"}}}) == true);
  CHECK(eval({{"id_number_valid", {"110105194912310021"}}}) == false);
  CHECK(eval({{"id_number_valid", {12345}}}) == false);
  CHECK(jsonlogic::credit_code_valid("91350100M000100Y43"));
  CHECK(jsonlogic::credit_code_valid("11440100007432607F"));
  CHECK_FALSE(jsonlogic::credit_code_valid("91350100M000100Y44"));
  CHECK_FALSE(jsonlogic::credit_code_valid("91350100M000100Y4"));
  CHECK_FALSE(jsonlogic::credit_code_valid("91350100I000100Y43"));  // I is not in the code set
  CHECK(eval({{"credit_code_valid", {{{"var", "value"}}}}}, {{"value", "91350100M000100Y43"}}) == true);
}

TEST_CASE("unknown operations and bad argument counts are errors, not silent values") {
  CHECK_FALSE(jsonlogic::apply({{"frobnicate", {1}}}, nullptr, {}));
  CHECK_FALSE(jsonlogic::check({{"if", {{{"agee", {"x"}}}, 1, 2}}}));
  auto e = jsonlogic::check({{"and", {true, {{"==", {1}}}}}});
  REQUIRE_FALSE(e);
  CHECK(e.error().message.find("\"==\" takes 2") != std::string::npos);
  CHECK(jsonlogic::check({{"age", {{{"var", "applicant.birth_date"}}}}}));
  CHECK_FALSE(jsonlogic::apply({{"date_add", {"2025-01-01", 1, "week"}}}, nullptr, {}));
}

TEST_CASE("absurd numbers in date and text operations give null or clamp instead of overflowing") {
  CHECK(eval({{"date_add", {"2025-01-01", 1e300, "day"}}}).is_null());
  CHECK(eval({{"substr", {"abc", "NaN?"}}}) == "abc");
  CHECK(eval({{"substr", {"abc", 1e300}}}) == "");
}
