// Form: the matter's fields, pre-filled where the card or platform knows them, checked as typed.
// The values live in the core's session; this screen keeps none of them.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
using catalog::FieldType;

ImGuiInputTextFlags flags_for(FieldType type) {
  switch (type) {
    case FieldType::Phone:
    case FieldType::Number: return ImGuiInputTextFlags_CharsDecimal;
    case FieldType::IdNumber:
    case FieldType::CreditCode: return ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank;
    default: return ImGuiInputTextFlags_None;
  }
}

class FormScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const FormView view = ctx.core.form_view();
    draw_header(ctx, view.matter_name);
    begin_body(ctx);
    ImGui::PushFont(ctx.fonts.body);
    if (view.submit_failed) text(ctx.rec, tr(Str::SubmitFailed), theme::kError);
    float label_w = 0;
    for (const FieldView& f : view.fields)
      label_w = std::max(label_w, ImGui::CalcTextSize((f.field->label + tr(Str::FormRequiredMark)).c_str()).x);
    label_w = std::min(label_w + 40 * s, ImGui::GetContentRegionAvail().x * 0.45f);
    const float field_w = ImGui::GetContentRegionAvail().x - label_w - 20 * s;
    bool any_error = false;
    for (const FieldView& f : view.fields) {
      const catalog::FormField& field = *f.field;
      const float row_y = ImGui::GetCursorPosY();
      ImGui::SetCursorPosY(row_y + (ctx.m.field_h * s - ImGui::GetTextLineHeight()) / 2);
      text(ctx.rec, field.label + (field.required ? tr(Str::FormRequiredMark) : ""));
      ImGui::SetCursorPos(ImVec2(label_w, row_y));
      if (field.type == FieldType::Select) {
        for (std::size_t i = 0; i < field.options.size(); ++i) {
          if (i) ImGui::SameLine();
          const bool chosen = f.value == field.options[i];
          const std::string& option = field.options[i];
          const float w = ImGui::CalcTextSize(option.c_str()).x + 80 * s;
          if (touch_button(ctx.rec, option, ImVec2(w, ctx.m.field_h * s), chosen ? ButtonKind::Primary : ButtonKind::Secondary,
                           static_cast<int>(i)))
            ctx.send(intent::SetField{field.key, option});
        }
      } else if (f.from_card) {
        ImGui::SetCursorPosY(row_y + (ctx.m.field_h * s - ImGui::GetTextLineHeight()) / 2);
        text(ctx.rec, f.value + tr(Str::FieldFromCard), theme::kText);
      } else {
        std::string value = f.value;
        if (text_field(ctx.rec, field.label, field.key, value, field_w, flags_for(field.type)))
          ctx.send(intent::SetField{field.key, value});
      }
      if (f.error) {
        any_error = true;
        ImGui::SetCursorPosX(label_w);
        text(ctx.rec, tr(*f.error), theme::kError);
      }
      ImGui::Dummy(ImVec2(0, 8 * s));
    }
    if (any_error) text(ctx.rec, tr(Str::FormFixAbove), theme::kError);
    ImGui::PopFont();
    if (end_body(ctx, kFooterBack | kFooterCancel, tr(Str::FormSubmit))) ctx.send(intent::Submit{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace ow::ui
