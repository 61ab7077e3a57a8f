#pragma once
// 好差评.
#include <string>

#include "base/secret_payload.hpp"

namespace ow::intent {
struct Rate { int level; };           // 1…5
struct ToggleReason { int reason; };  // index into the reasons of a bad rating
struct SetComment { SecretPayload text; };  // free text: may be personal
struct SubmitRating {};
struct SkipRating {};
}  // namespace ow::intent
