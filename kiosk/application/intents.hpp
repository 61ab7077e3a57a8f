#pragma once
// Filling in the form.
#include <string>

namespace ow::intent {
struct SetField { std::string key, value; };  // personal: the value as typed
}  // namespace ow::intent
