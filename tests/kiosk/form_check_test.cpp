#include <doctest/doctest.h>

#include "kiosk/form_check.hpp"

using namespace ow;
using catalog::FieldType;

namespace {
catalog::FormField field(FieldType type, bool required = true) {
  catalog::FormField f;
  f.key = "k";
  f.label = "L";
  f.type = type;
  f.required = required;
  return f;
}
}  // namespace

TEST_CASE("required and optional empty values") {
  CHECK(check_field(field(FieldType::Text), "") == Str::FormMissing);
  CHECK_FALSE(check_field(field(FieldType::Text, false), ""));
}

TEST_CASE("typed fields are checked") {
  CHECK_FALSE(check_field(field(FieldType::Phone), "13800138000"));
  CHECK(check_field(field(FieldType::Phone), "1380013800") == Str::FormInvalidPhone);
  CHECK(check_field(field(FieldType::Phone), "23800138000") == Str::FormInvalidPhone);
  CHECK_FALSE(check_field(field(FieldType::IdNumber), "11010519491231002X"));
  CHECK(check_field(field(FieldType::IdNumber), "110105194912310021") == Str::FormInvalidIdNumber);
  CHECK_FALSE(check_field(field(FieldType::Date), "1960-05-01"));
  CHECK(check_field(field(FieldType::Date), "1960-02-30") == Str::FormInvalidDate);
  CHECK(check_field(field(FieldType::Date), "1960/05/01") == Str::FormInvalidDate);
  CHECK(check_field(field(FieldType::Number), "12a") == Str::FormInvalidNumber);
}

TEST_CASE("credit codes are checked by their GB 32100 check character; signatures are signed elsewhere") {
  CHECK_FALSE(check_field(field(FieldType::CreditCode), "91350100M000100Y43"));
  CHECK(check_field(field(FieldType::CreditCode), "91350100M000100Y44") == Str::FormInvalidCreditCode);
  CHECK(check_field(field(FieldType::CreditCode), "91350100M000100Y4") == Str::FormInvalidCreditCode);
  CHECK_FALSE(check_field(field(FieldType::Signature), ""));
}

TEST_CASE("while typing, a problem shows once the value is complete or can no longer be right") {
  // Still being typed: nothing to say yet.
  CHECK_FALSE(check_typing(field(FieldType::Phone), "1380013"));
  CHECK_FALSE(check_typing(field(FieldType::IdNumber), "11010519491231"));
  CHECK_FALSE(check_typing(field(FieldType::CreditCode), "91350100M0"));
  CHECK_FALSE(check_typing(field(FieldType::Date), "1960-05"));
  CHECK_FALSE(check_typing(field(FieldType::Text), ""));
  // A mobile number never starts with 2: told at the first digit.
  CHECK(check_typing(field(FieldType::Phone), "2") == Str::FormInvalidPhone);
  CHECK(check_typing(field(FieldType::Number), "12a") == Str::FormInvalidNumber);
  // Complete and wrong: told at once; complete and right: nothing.
  CHECK(check_typing(field(FieldType::IdNumber), "110105194912310021") == Str::FormInvalidIdNumber);
  CHECK_FALSE(check_typing(field(FieldType::IdNumber), "11010519491231002X"));
  CHECK(check_typing(field(FieldType::CreditCode), "91350100M000100Y44") == Str::FormInvalidCreditCode);
  CHECK_FALSE(check_typing(field(FieldType::CreditCode), "91350100M000100Y43"));
  CHECK(check_typing(field(FieldType::Date), "1960-02-30") == Str::FormInvalidDate);
  CHECK_FALSE(check_typing(field(FieldType::Phone), "13800138000"));
}
