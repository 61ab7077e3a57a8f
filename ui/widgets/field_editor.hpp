#pragma once
// The input for the field being edited, chosen by its type: the pinyin keyboard for free text, the
// numeric keypad for numbers, phones and ID numbers, code keys for credit codes, the date wheels for
// dates. Also takes typing from a physical keyboard or the UI script.
#include <optional>
#include <string>

#include "kiosk/catalog/catalog.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

struct FieldEdit {
  std::optional<std::string> value;  // the new value when it changed
  bool done = false;                 // 完成: stop editing
};

FieldEdit edit_field(UiContext& ctx, const catalog::FormField& field, const std::string& value, ImVec2 size);

}  // namespace ow::ui
