#pragma once
// The on-screen keyboards: pinyin with candidates for Chinese text, or handwriting in its place (a
// switch 拼音/手写 beside it), digits for phone and number fields, digits with X for ID numbers,
// digits with automatic dashes for dates, digits and the letters of GB 32100 for unified social
// credit codes.
#include <string>

#include "kiosk/ime/pinyin_ime.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

enum class KeyboardKind { Pinyin, Digits, Phone, IdNumber, Date, CreditCode };

// How Chinese text is entered on a Pinyin keyboard; the screen that owns the keyboard keeps it.
enum class TextInput { Pinyin, Handwriting };

// What the keys did this frame to the field being edited.
struct KeyboardAction {
  std::string insert;  // text to append
  bool backspace = false;
  bool done = false;   // 完成: stop editing
};

// False when a character of `s` is not in `font`'s atlas (it would show as "?"): candidates so are not offered.
bool renderable(const ImFont* font, const std::string& s);

// Draws the keyboard into a region of `size` at the cursor. Letters go to `ime` (null: letters
// are typed as they are). With `input` and a handwriting model (ctx.hand), a Pinyin keyboard shows
// the 拼音/手写 switch, and the writing pad while *input is Handwriting.
KeyboardAction draw_keyboard(UiContext& ctx, KeyboardKind kind, PinyinIme* ime, ImVec2 size, TextInput* input = nullptr);

// Applies an action to a value: UTF-8 aware backspace, dashes for dates, a length limit.
std::string apply_keyboard(const std::string& value, const KeyboardAction& action, KeyboardKind kind);

}  // namespace ow::ui
