#include "ui/widgets/field_editor.hpp"

#include "kiosk/text_util.hpp"
#include "ui/widgets/date_wheels.hpp"

namespace ow::ui {

namespace {
using catalog::FieldType;

KeyboardKind keyboard_for(FieldType type) {
  switch (type) {
    case FieldType::Phone: return KeyboardKind::Phone;
    case FieldType::Number: return KeyboardKind::Digits;
    case FieldType::IdNumber: return KeyboardKind::IdNumber;
    case FieldType::CreditCode: return KeyboardKind::CreditCode;
    case FieldType::Date: return KeyboardKind::Date;
    default: return KeyboardKind::Pinyin;
  }
}
}  // namespace

TextInput start_editing(UiContext& ctx, const catalog::FormField& field) {
  if (ctx.ime) ctx.ime->reset();
  if (ctx.hand) ctx.hand->clear();
  const bool free_text = keyboard_for(field.type) == KeyboardKind::Pinyin;
  return free_text && ctx.hand && ctx.core.elderly() ? TextInput::Handwriting : TextInput::Pinyin;
}

FieldEdit edit_field(UiContext& ctx, const catalog::FormField& field, const std::string& value, ImVec2 size, TextInput& input) {
  const KeyboardKind kind = keyboard_for(field.type);
  FieldEdit out;
  KeyboardAction action;
  if (kind == KeyboardKind::Date) {
    const DateWheelsResult r = date_wheels(ctx, value, size);
    if (r.value && *r.value != value) out.value = r.value;
    action.done = r.done;
  } else {
    action = draw_keyboard(ctx, kind, kind == KeyboardKind::Pinyin ? ctx.ime : nullptr, size, &input);
  }
  ImGuiIO& io = ImGui::GetIO();
  for (ImWchar c : io.InputQueueCharacters) {
    if (kind == KeyboardKind::Pinyin && input == TextInput::Pinyin && ctx.ime && c >= 'a' && c <= 'z') {
      ctx.ime->add_letter(static_cast<char>(c));
      continue;
    }
    append_utf8(action.insert, c);
  }
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) action.backspace = true;
  if (!action.insert.empty() || action.backspace) {
    // Typed dates start from what is there; the wheels' own choice is replaced by typing.
    const std::string next = apply_keyboard(out.value.value_or(value), action, kind);
    if (next != value) out.value = next;
  }
  out.done = action.done;
  return out;
}

}  // namespace ow::ui
