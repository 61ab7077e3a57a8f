// The platform's applicant-profile answer is untrusted input: only string values of the fields
// asked for, within bounds and clean, are kept; every status maps to a failure kind.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/identity/applicant_profile.hpp"

using namespace ow;

namespace {
store::HttpAnswer answer(long status, std::string body) {
  store::HttpAnswer a;
  a.status = status;
  a.body = std::move(body);
  return a;
}
const std::vector<std::string> kAsked = {"phone", "contact_address", "bank_name", "bank_account"};
}  // namespace

TEST_CASE("a 200 answer keeps the fields asked for and known, and nothing else") {
  const auto p = profile_from_answer(
      answer(200, R"({"fields": {"phone": "13800138001", "contact_address": "示例省演示市新风路18号", "employer": "演示厂",
                     "password": "x"}, "id_number": "110105198001011238"})"),
      kAsked);
  REQUIRE(p);
  CHECK(p->fields.size() == 2);
  CHECK(p->fields.at("phone") == "13800138001");
  CHECK(p->fields.at("contact_address") == "示例省演示市新风路18号");
  CHECK_FALSE(p->fields.count("employer"));  // known, but not asked
  CHECK_FALSE(p->fields.count("password"));
}

TEST_CASE("values of the wrong type, too long, empty or not clean text are left to the citizen") {
  const std::string long_value(201, 'a');
  const std::string at_limit(200, 'b');
  const std::string body = std::string(R"({"fields": {"phone": 13800138001, "contact_address": ")") + long_value +
                           R"(", "bank_name": "", "bank_account": ")" + at_limit + R"("}})";
  auto p = profile_from_answer(answer(200, body), kAsked);
  REQUIRE(p);
  CHECK(p->fields.size() == 1);
  CHECK(p->fields.at("bank_account") == at_limit);

  p = profile_from_answer(answer(200, R"({"fields": {"phone": "138\u0000138", "contact_address": "a\nb", "bank_name": ["x"], "bank_account": {"v": "1"}}})"),
                          kAsked);
  REQUIRE(p);
  CHECK(p->fields.empty());
  // Bytes that are not UTF-8.
  p = profile_from_answer(answer(200, "{\"fields\": {\"phone\": \"\xff\xfe\"}}"), kAsked);
  CHECK((!p || p->fields.empty()));
}

TEST_CASE("an answer that is not {\"fields\": {…}} is a bad answer; an empty one fills nothing") {
  for (const char* body : {"", "null", "[]", "\"fields\"", R"({"fields": []})", R"({"fields": "phone"})", R"({"phone": "13800138001"})",
                           "{\"fields\": {\"phone\": \"1380", "<html>502</html>"}) {
    INFO(body);
    const auto p = profile_from_answer(answer(200, body), kAsked);
    REQUIRE_FALSE(p);
    CHECK(p.error() == ProfileFailure::BadAnswer);
  }
  const auto empty = profile_from_answer(answer(200, R"({"fields": {}})"), kAsked);
  REQUIRE(empty);
  CHECK(empty->fields.empty());
  // Larger than any profile: refused without being read.
  const std::string huge = R"({"fields": {"phone": "13800138001", "pad": ")" + std::string(kMaxProfileAnswer, 'x') + "\"}}";
  const auto big = profile_from_answer(answer(200, huge), kAsked);
  REQUIRE_FALSE(big);
  CHECK(big.error() == ProfileFailure::BadAnswer);
}

TEST_CASE("every other status is a failure of its kind") {
  auto failure = [](long status) { return profile_from_answer(answer(status, R"({"fields": {"phone": "13800138001"}})"), kAsked).error(); };
  CHECK(failure(404) == ProfileFailure::UnknownPerson);
  CHECK(failure(400) == ProfileFailure::Refused);
  CHECK(failure(403) == ProfileFailure::Refused);
  CHECK(failure(401) == ProfileFailure::Refused);
  for (long s : {201L, 204L, 302L, 408L, 429L, 500L, 503L}) {
    INFO(s);
    CHECK(failure(s) == ProfileFailure::Offline);
  }
  store::HttpAnswer broken = answer(200, R"({"fields": {"phone": "13800138001"}})");
  broken.transport_error = "Operation timed out";
  CHECK(profile_from_answer(broken, kAsked).error() == ProfileFailure::Offline);
  CHECK(profile_from_answer(answer(0, ""), kAsked).error() == ProfileFailure::Offline);
}

TEST_CASE("wipe clears every value") {
  ApplicantProfile p;
  p.fields["phone"] = "13800138001";
  p = ApplicantProfile{};  // a profile replaced or destroyed wipes itself
  CHECK(p.fields.empty());
}
