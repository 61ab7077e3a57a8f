#pragma once
// The date picker: three big wheels (year, month, day) the citizen drags up and down; each snaps to
// the nearest item when the finger lifts, and a tap on an item above or below the middle picks it.
// Easier for an elderly citizen than typing 1949-12-31 on a keypad.
#include <optional>
#include <string>

#include "ui/screens/screen.hpp"

namespace ow::ui {

struct DateWheelsResult {
  std::optional<std::string> value;  // "YYYY-MM-DD" when a wheel moved or 完成 was tapped
  bool done = false;                 // 完成
};

// `value` is the field's current value; an empty or unreadable one starts the wheels at 1970-01-01.
DateWheelsResult date_wheels(UiContext& ctx, const std::string& value, ImVec2 size);

}  // namespace ow::ui
