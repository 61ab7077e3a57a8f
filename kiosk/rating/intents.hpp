#pragma once
// 好差评.
#include <string>

namespace ow::intent {
struct Rate { int level; };           // 1…5
struct ToggleReason { int reason; };  // index into the reasons of a bad rating
struct SetComment { std::string text; };
struct SubmitRating {};
struct SkipRating {};
}  // namespace ow::intent
