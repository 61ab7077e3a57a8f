#pragma once
// The input for the field being edited, chosen by its type: the pinyin keyboard (or the handwriting
// pad, which elderly mode opens on) for free text — names and addresses —, the numeric keypad for numbers, phones and ID numbers, code keys for credit codes, the date wheels for
// dates. Also takes typing from a physical keyboard or the UI script.
#include <optional>
#include <string>

#include "kiosk/catalog/catalog.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/keyboard.hpp"

namespace ow::ui {

struct FieldEdit {
  std::optional<std::string> value;  // the new value when it changed
  bool done = false;                 // 完成: stop editing
};

// How free text is entered when the keyboard opens on `field`: handwriting in elderly mode, when the
// model is there; pinyin otherwise. Forgets a spelling or strokes left from the field before.
TextInput start_editing(UiContext& ctx, const catalog::FormField& field);

// `input`: pinyin or handwriting, kept by the screen between frames (start_editing gives the first).
FieldEdit edit_field(UiContext& ctx, const catalog::FormField& field, const std::string& value, ImVec2 size, TextInput& input);

}  // namespace ow::ui
