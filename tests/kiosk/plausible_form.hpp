#pragma once
// What a test citizen types into the form: one plausible value per field filled by hand.
#include <optional>
#include <string>

#include "kiosk/application/application_controller.hpp"

namespace ow::test {

// Nothing for a field read from the card or for the signature (it is drawn, not typed).
inline std::optional<std::string> plausible_value(const FieldView& fv, const std::string& phone, const std::string& id_number) {
  using catalog::FieldType;
  if (fv.from_card) return std::nullopt;
  switch (fv.field->type) {
    case FieldType::Phone: return phone;
    case FieldType::IdNumber: return id_number;
    case FieldType::Number: return "2";
    case FieldType::Date: return "1960-05-01";
    case FieldType::Select: return fv.field->options.front();
    case FieldType::Signature: return std::nullopt;
    default: return "测试个体经营部";
  }
}

}  // namespace ow::test
