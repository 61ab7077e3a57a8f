// Form: the matter's fields, pre-filled where the card or platform knows them, checked as typed.
// Tapping a field opens the keyboard its type needs; the values live in the core's session and
// this screen keeps only which field is being edited.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/field_editor.hpp"

namespace ow::ui {

namespace {
using catalog::FieldType;

class FormScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const FormView view = ctx.core.application().form_view();
    if (std::string focus = ctx.core.application().take_focus_field(); !focus.empty()) {
      editing_ = focus;
      scroll_to_editing_ = true;
      for (const FieldView& f : view.fields)
        if (f.field->key == editing_) input_ = start_editing(ctx, *f.field);
    }
    const FieldView* editing = nullptr;
    for (const FieldView& f : view.fields)
      if (f.field->key == editing_ && !f.from_card) editing = &f;
    if (!editing) editing_.clear();
    // Strokes live only while the pad they were written on is open.
    if (!editing && ctx.hand) ctx.hand->clear();

    draw_header(ctx, view.matter_name);
    begin_body(ctx);
    const float body_h = ImGui::GetContentRegionAvail().y;
    // Elderly mode: keys at least 96 px high for the larger text, so the keyboard takes most of the
    // body and the field being typed into stays in view above it.
    const bool big = ctx.core.elderly();
    const float keyboard_h = editing ? std::min(body_h * (big ? 0.8f : 0.55f), (big ? 760 : 560) * s) : 0;
    ImGui::BeginChild("fields", ImVec2(0, body_h - keyboard_h - (editing ? 16 * s : 0)), false,
                      ImGuiWindowFlags_NoScrollWithMouse);
    draw_fields(ctx, view);
    ctx.touch.drag_scroll();
    ImGui::EndChild();
    if (editing) {
      const ImVec2 room = ImGui::GetContentRegionAvail();
      edit(ctx, *editing->field, editing->value.str(), ImVec2(room.x, std::min(room.y - 4 * s, keyboard_h)));
    }
    if (end_body(ctx, kFooterBack | kFooterCancel, tr(Str::FormNext))) {
      editing_.clear();
      ctx.send(intent::Next{});
    }
  }

  void reset() override {
    editing_.clear();
    scroll_to_editing_ = false;
    input_ = TextInput::Pinyin;
  }

 private:
  void draw_fields(UiContext& ctx, const FormView& view) {
    const float s = ctx.m.scale;
    if (view.submit_failed) text(ctx.rec, tr(Str::SubmitFailed), theme::kError);
    float label_w = 0;
    for (const FieldView& f : view.fields)
      label_w = std::max(label_w, ImGui::CalcTextSize((f.field->label + tr(Str::FormRequiredMark)).c_str()).x);
    label_w = std::min(label_w + 40 * s, ImGui::GetContentRegionAvail().x * 0.45f);
    const float field_w = ImGui::GetContentRegionAvail().x - label_w - 20 * s;
    const float field_h = ctx.m.field_h * s;
    bool any_error = false;
    int id = 0;
    for (const FieldView& f : view.fields) {
      const catalog::FormField& field = *f.field;
      const float row_y = ImGui::GetCursorPosY();
      ImGui::SetCursorPosY(row_y + (field_h - ImGui::GetTextLineHeight()) / 2);
      text(ctx.rec, field.label + (field.required ? tr(Str::FormRequiredMark) : ""));
      ImGui::SetCursorPos(ImVec2(label_w, row_y));
      if (f.from_card) {
        ImGui::SetCursorPosY(row_y + (field_h - ImGui::GetTextLineHeight()) / 2);
        text(ctx.rec, f.value.str() + tr(Str::FieldFromCard), theme::kText);
      } else if (field.type == FieldType::Signature) {
        ImGui::SetCursorPosY(row_y + (field_h - ImGui::GetTextLineHeight()) / 2);
        text(ctx.rec, tr(Str::FormSignLater), theme::kTextMuted);
      } else if (field.type == FieldType::Select || field.type == FieldType::Bool) {
        draw_choices(ctx, field, f.value.str(), field_h);
      } else {
        // Keep the field being typed into above the keyboard that just opened.
        if (scroll_to_editing_ && field.key == editing_) {
          ImGui::SetScrollHereY(0.2f);
          scroll_to_editing_ = false;
        }
        if (field_box(ctx.rec, field.label, ++id, f.value.str(), field.key == editing_, ImVec2(field_w, field_h))) {
          editing_ = field.key;
          scroll_to_editing_ = true;
          input_ = start_editing(ctx, field);
        }
      }
      if (f.error) {
        any_error = true;
        ImGui::SetCursorPosX(label_w);
        text(ctx.rec, tr(*f.error), theme::kError);
      } else if (f.from_platform) {
        ImGui::SetCursorPosX(label_w);
        text(ctx.rec, tr(Str::FieldFromPlatform), theme::kTextMuted);
      }
      ImGui::Dummy(ImVec2(0, 8 * s));
    }
    if (any_error) text(ctx.rec, tr(Str::FormFixAbove), theme::kError);
  }

  void draw_choices(UiContext& ctx, const catalog::FormField& field, const std::string& value, float h) {
    const float s = ctx.m.scale;
    std::vector<std::string> options = field.options;
    if (field.type == FieldType::Bool) options = {tr(Str::OptionYes), tr(Str::OptionNo)};
    // Options that do not fit the row go on the next one, under the first (a bank list in portrait
    // or elderly mode would otherwise run off the screen, out of reach).
    const float left = ImGui::GetCursorPosX(), right = left + ImGui::GetContentRegionAvail().x;
    float x = left;
    for (std::size_t i = 0; i < options.size(); ++i) {
      const float w = ImGui::CalcTextSize(options[i].c_str()).x + 80 * s;
      if (i) {
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        if (x + gap + w > right) {
          ImGui::SetCursorPosX(left);
          x = left;
        } else {
          ImGui::SameLine();
          x += gap;
        }
      }
      x += w;
      if (touch_button(ctx.rec, options[i], ImVec2(w, h), value == options[i] ? ButtonKind::Primary : ButtonKind::Secondary,
                       static_cast<int>(i))) {
        editing_.clear();
        ctx.send(intent::SetField{field.key, options[i]});
      }
    }
  }

  // The keyboard (or date wheels) for the field being edited.
  void edit(UiContext& ctx, const catalog::FormField& field, const std::string& value, ImVec2 size) {
    const FieldEdit e = edit_field(ctx, field, value, size, input_);
    if (e.value) ctx.send(intent::SetField{field.key, *e.value});
    if (e.done) editing_.clear();
  }

  std::string editing_;  // the key of the field the keyboard types into; never its value
  bool scroll_to_editing_ = false;
  TextInput input_ = TextInput::Pinyin;  // pinyin or handwriting, for a free-text field
};
}  // namespace

std::unique_ptr<Screen> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace ow::ui
