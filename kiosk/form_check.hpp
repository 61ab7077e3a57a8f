#pragma once
// Checks one form value against its field's type, as the citizen types it.
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/strings.hpp"

namespace ow {

// What is wrong with the value, or nothing. An empty value is wrong only when the field is required.
// Signature fields are not checked here: the citizen signs on the review screen.
std::optional<Str> check_field(const catalog::FormField& field, std::string_view value);

// While the citizen types: a problem only once the value is complete (a phone's 11 digits, an ID
// number's or credit code's 18 characters, a whole date) or can no longer become right (a phone
// not starting with 1). Nothing for a value still being typed.
std::optional<Str> check_typing(const catalog::FormField& field, std::string_view value);

}  // namespace ow
