#pragma once
// The receipt screen.
namespace ow::intent {
struct Reprint {};
}  // namespace ow::intent
