#pragma once
// Filling in the form.
#include <string>

#include "base/secret_payload.hpp"

namespace ow::intent {
struct SetField { std::string key; SecretPayload value; };  // personal: the value as typed
}  // namespace ow::intent
