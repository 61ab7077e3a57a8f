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
