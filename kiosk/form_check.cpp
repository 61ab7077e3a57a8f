#include "kiosk/form_check.hpp"

#include <algorithm>

#include "drivers/idcard/id_number.hpp"
#include "kiosk/catalog/jsonlogic.hpp"

namespace ow {

namespace {
bool digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); }
}  // namespace

std::optional<Str> check_field(const catalog::FormField& field, std::string_view value) {
  using catalog::FieldType;
  if (field.type == FieldType::Signature) return std::nullopt;
  if (value.empty()) return field.required ? std::optional(Str::FormMissing) : std::nullopt;
  switch (field.type) {
    case FieldType::Phone:
      if (value.size() != 11 || value[0] != '1' || !digits(value)) return Str::FormInvalidPhone;
      break;
    case FieldType::IdNumber:
      if (!drivers::idcard::id_number_valid(value)) return Str::FormInvalidIdNumber;
      break;
    case FieldType::Date:
      if (value.size() != 10 || value[4] != '-' || value[7] != '-' ||
          !drivers::idcard::yyyymmdd_valid(std::string(value.substr(0, 4)).append(value.substr(5, 2)).append(value.substr(8, 2))))
        return Str::FormInvalidDate;
      break;
    case FieldType::Number:
      if (!digits(value)) return Str::FormInvalidNumber;
      break;
    case FieldType::CreditCode:
      if (!catalog::jsonlogic::credit_code_valid(std::string(value))) return Str::FormInvalidCreditCode;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<Str> check_typing(const catalog::FormField& field, std::string_view value) {
  using catalog::FieldType;
  std::size_t complete = 0;
  switch (field.type) {
    case FieldType::Phone:
      if (!value.empty() && value[0] != '1') return Str::FormInvalidPhone;
      complete = 11;
      break;
    case FieldType::IdNumber:
    case FieldType::CreditCode: complete = 18; break;
    case FieldType::Date: complete = 10; break;
    case FieldType::Number:
      if (!value.empty() && !digits(value)) return Str::FormInvalidNumber;
      return std::nullopt;
    default: return std::nullopt;
  }
  if (value.size() < complete) return std::nullopt;
  return check_field(field, value);
}

}  // namespace ow
