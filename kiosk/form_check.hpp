#pragma once
// Checks one form value against its field's type, as the citizen types it.
#include <optional>
#include <string>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/strings.hpp"

namespace ow {

// What is wrong with the value, or nothing. An empty value is wrong only when the field is required.
std::optional<Str> check_field(const catalog::FormField& field, const std::string& value);

}  // namespace ow
