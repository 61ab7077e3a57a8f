#pragma once
// The handwriting keyboard, for citizens who cannot spell pinyin: a square pad the finger writes one
// character on, drawn in thick ink; after every stroke the recogniser's candidates as large buttons
// (tapping one types it and empties the pad); 重写 empties the pad, 删除 takes back the last stroke
// (or, with an empty pad, the field's last character); the 拼音/手写 switch and 完成.
#include "kiosk/ime/handwriting_ime.hpp"
#include "ui/widgets/keyboard.hpp"

namespace ow::ui {

KeyboardAction handwriting_keys(UiContext& ctx, HandwritingIme& hand, ImVec2 size, TextInput& input);

// 拼音 and 手写 side by side in `size` at `at`, the one in use highlighted. True when it changed.
bool text_input_switch(UiContext& ctx, TextInput& input, ImVec2 at, ImVec2 size);

}  // namespace ow::ui
