// Review and sign (核对并签名): after a passed pre-review, everything the submission carries — the ID
// number in full, on this screen only — the materials, how the result reaches the citizen (always in
// view, never chosen for the citizen; with a postal address form for mail), and a signature pad.
// One tap, 签好了，提交, confirms the signature and submits.
#include <algorithm>
#include <vector>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"
#include "ui/widgets/field_editor.hpp"
#include "ui/widgets/signature_pad.hpp"

namespace ow::ui {

namespace {
Str delivery_label(catalog::Delivery d) {
  switch (d) {
    case catalog::Delivery::Mail: return Str::DeliveryMail;
    case catalog::Delivery::Electronic: return Str::DeliveryElectronic;
    case catalog::Delivery::Window: break;
  }
  return Str::DeliveryWindow;
}

class ReviewScreen final : public Screen {
 public:
  ~ReviewScreen() override { pad_.clear(); }

  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const ReviewView v = ctx.core.review().review_view();
    const bool portrait = ctx.height() > ctx.width();
    // A new stroke after confirming means the citizen is signing again.
    if (v.signed_ && pad_.strokes().size() != confirmed_strokes_) ctx.send(intent::ClearSignature{});

    draw_header(ctx, tr(Str::ReviewTitle));
    begin_body(ctx);
    const ImVec2 room = ImGui::GetContentRegionAvail();
    int editing = -1;
    for (std::size_t i = 0; i < v.mail_fields.size(); ++i)
      if (v.mail_fields[i].key == editing_) editing = static_cast<int>(i);
    if (editing < 0) editing_.clear();
    if (editing < 0 && ctx.hand) ctx.hand->clear();  // strokes live only while their pad is open

    if (editing >= 0) {
      // Typing the address: the list above, the keyboard below, as on the form.
      const float keyboard_h = std::min(room.y * 0.55f, 560 * s);
      ImGui::BeginChild("review_list", ImVec2(0, room.y - keyboard_h - 16 * s), false, ImGuiWindowFlags_NoScrollWithMouse);
      draw_list(ctx, v);
      ctx.touch.drag_scroll();
      ImGui::EndChild();
      const auto i = static_cast<std::size_t>(editing);
      const FieldEdit e = edit_field(ctx, v.mail_fields[i], v.mail_values[i].str(), ImVec2(room.x, keyboard_h), input_);
      if (e.value) ctx.send(intent::SetDeliveryField{v.mail_fields[i].key, *e.value});
      if (e.done) editing_.clear();
    } else if (portrait) {
      // The delivery choice stays in view under the list, not cut at the bottom edge of the scrolling list.
      const float sign_h = std::min(room.y * 0.48f, 760 * s);
      const float choice_h = delivery_choice_height(ctx, v, room.x);
      ImGui::BeginChild("review_list", ImVec2(0, room.y - sign_h - choice_h - 16 * s), false,
                        ImGuiWindowFlags_NoScrollWithMouse);
      draw_list(ctx, v, false);
      ctx.touch.drag_scroll();
      more_below(ctx);
      ImGui::EndChild();
      draw_delivery_choice(ctx, v);
      ImGui::Dummy(ImVec2(0, 8 * s));
      draw_signing(ctx, v, ImVec2(room.x, sign_h - 8 * s));
    } else {
      const float sign_w = room.x * 0.45f;
      ImGui::BeginChild("review_list", ImVec2(room.x - sign_w - 32 * s, room.y), false, ImGuiWindowFlags_NoScrollWithMouse);
      draw_list(ctx, v, false);
      ctx.touch.drag_scroll();
      more_below(ctx);
      ImGui::EndChild();
      ImGui::SameLine(0, 32 * s);
      // The delivery choice heads the signing column: in view without scrolling.
      ImGui::BeginGroup();
      const float top = ImGui::GetCursorPosY();
      draw_delivery_choice(ctx, v);
      ImGui::Dummy(ImVec2(0, 8 * s));
      draw_signing(ctx, v, ImVec2(sign_w, room.y - (ImGui::GetCursorPosY() - top)));
      ImGui::EndGroup();
    }
    if (end_body(ctx, kFooterBack | kFooterCancel, tr(Str::ReviewSubmit))) {
      editing_.clear();
      // The signature drawn since the last confirmation goes with the submission, in the same tap.
      if (!pad_.strokes().empty() && (!v.signed_ || pad_.strokes().size() != confirmed_strokes_)) {
        confirmed_strokes_ = pad_.strokes().size();
        ctx.send(intent::Sign{pad_.strokes()});
      }
      ctx.send(intent::Submit{});
    }
  }

  void reset() override {
    pad_.clear();
    confirmed_strokes_ = 0;
    editing_.clear();
    input_ = TextInput::Pinyin;
    face_.reset();
  }

 private:
  void draw_list(UiContext& ctx, const ReviewView& v, bool with_choice = true) {
    const float s = ctx.m.scale;
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, v.matter_name, theme::kPrimary);
    ImGui::PopFont();
    section(ctx, tr(Str::ReviewFields));
    for (const auto& item : v.fields) text(ctx.rec, item.label + "：" + item.value.str());
    if (!v.materials.empty()) {
      section(ctx, tr(Str::ReviewMaterials));
      for (const auto& item : v.materials) text(ctx.rec, item.label + "：" + item.value.str());
    }
    if (v.face_photo) {
      // A small thumbnail: the citizen sees which photo goes with the application.
      ImGui::Dummy(ImVec2(0, 8 * s));
      face_.draw(ctx, v.face_photo.get(), ImVec2(120 * s, 160 * s));
      ImGui::SameLine(0, 16 * s);
      ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX());
      text(ctx.rec, tr(Str::ReviewFacePhoto));
      ImGui::PopTextWrapPos();
    }
    if (with_choice) draw_delivery_choice(ctx, v);
    for (std::size_t i = 0; i < v.mail_fields.size(); ++i) {
      const catalog::FormField& f = v.mail_fields[i];
      ImGui::Dummy(ImVec2(0, 6 * s));
      text(ctx.rec, f.label + tr(Str::FormRequiredMark));
      if (field_box(ctx.rec, f.label, 600 + static_cast<int>(i), v.mail_values[i].str(), f.key == editing_,
                    ImVec2(ImGui::GetContentRegionAvail().x, ctx.m.field_h * s))) {
        editing_ = f.key;
        input_ = start_editing(ctx, f);
      }
      if (v.mail_errors[i]) text(ctx.rec, tr(*v.mail_errors[i]), theme::kError);
    }
  }

  // The delivery buttons flow in rows as wide as `avail`; the number of rows they take.
  static int delivery_rows(UiContext& ctx, const ReviewView& v, float avail, std::vector<bool>* new_row = nullptr) {
    const float s = ctx.m.scale;
    float x = 0;
    int rows = 0;
    for (std::size_t i = 0; i < v.delivery_options.size(); ++i) {
      const float w = delivery_button_width(ctx, tr(delivery_label(v.delivery_options[i])));
      const bool starts_row = i == 0 || x + w > avail;
      if (starts_row) {
        x = 0;
        ++rows;
      }
      if (new_row) new_row->push_back(starts_row);
      x += w + 16 * s;
    }
    return rows;
  }

  static float delivery_button_width(UiContext& ctx, const char* label) {
    return std::max(ctx.m.min_target * ctx.m.scale * 2, ImGui::CalcTextSize(label).x + 64 * ctx.m.scale);
  }

  // What draw_delivery_choice() takes in height: the section title and the rows of buttons.
  float delivery_choice_height(UiContext& ctx, const ReviewView& v, float avail) {
    const float s = ctx.m.scale, spacing = ImGui::GetStyle().ItemSpacing.y;
    const float title = 12 * s + ctx.fonts.large->FontSize + 3 * spacing;
    const auto rows = static_cast<float>(delivery_rows(ctx, v, avail));
    return title + rows * (ctx.m.button_h * s + spacing);
  }

  void draw_delivery_choice(UiContext& ctx, const ReviewView& v) {
    const float s = ctx.m.scale;
    section(ctx, tr(Str::ReviewDelivery));
    const float h = ctx.m.button_h * s;
    std::vector<bool> new_row;
    delivery_rows(ctx, v, ImGui::GetContentRegionAvail().x, &new_row);
    for (std::size_t i = 0; i < v.delivery_options.size(); ++i) {
      const std::string label = tr(delivery_label(v.delivery_options[i]));
      if (!new_row[i]) ImGui::SameLine(0, 16 * s);
      const bool chosen = v.delivery && v.delivery_options[i] == *v.delivery;
      if (touch_button(ctx.rec, label, ImVec2(delivery_button_width(ctx, label.c_str()), h),
                       chosen ? ButtonKind::Primary : ButtonKind::Secondary, 500 + static_cast<int>(i)))
        ctx.send(intent::ChooseDelivery{v.delivery_options[i]});
    }
  }

  // Inside a scrolling list: while more of it lies below, the last line fades out under a hint to
  // swipe, so a line cut at the edge reads as "more", not as a broken screen.
  static void more_below(UiContext& ctx) {
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) return;
    const float s = ctx.m.scale;
    const ImVec2 min = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const float h = ImGui::GetTextLineHeightWithSpacing() * 1.6f;
    const ImVec2 top(min.x, min.y + size.y - h), bottom(min.x + size.x, min.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 clear = theme::kBackground & 0x00FFFFFFu;
    dl->AddRectFilledMultiColor(top, ImVec2(bottom.x, top.y + h * 0.5f), clear, clear, theme::kBackground, theme::kBackground);
    dl->AddRectFilled(ImVec2(top.x, top.y + h * 0.5f), bottom, theme::kBackground);
    const char* hint = tr(Str::ReviewMoreBelow);
    const ImVec2 hint_size = ImGui::CalcTextSize(hint);
    dl->AddText(ImVec2(min.x + (size.x - hint_size.x) / 2, bottom.y - hint_size.y - 4 * s), theme::kTextMuted, hint);
    ctx.rec.add_text(hint);
  }

  void section(UiContext& ctx, const char* title) {
    ImGui::Dummy(ImVec2(0, 12 * ctx.m.scale));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, title, theme::kTextMuted);
    ImGui::PopFont();
  }

  void draw_signing(UiContext& ctx, const ReviewView& v, ImVec2 size) {
    const float s = ctx.m.scale;
    const float top = ImGui::GetCursorPosY();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
    text(ctx.rec, tr(Str::ReviewDeclaration));
    for (const auto& promise : v.promises) text(ctx.rec, promise, theme::kPrimary);
    text(ctx.rec, tr(Str::ReviewSignHere), theme::kTextMuted);
    ImGui::PopTextWrapPos();
    // 重新签名 is a secondary action: a little lower than the footer's buttons, so the pad keeps its room.
    const float button_h = ctx.m.button_h * s * 0.8f;
    const float status_h = ImGui::GetTextLineHeightWithSpacing();
    const float used = ImGui::GetCursorPosY() - top;
    const float pad_h = std::max(160 * s, size.y - used - button_h - status_h - 24 * s);
    pad_.draw(ctx, ImVec2(size.x, pad_h));
    ImGui::Dummy(ImVec2(0, 8 * s));
    const float w = (size.x - 16 * s) / 2;
    if (touch_button(ctx.rec, tr(Str::ReviewSignClear), ImVec2(w, button_h), ButtonKind::Secondary, 700)) {
      pad_.clear();
      confirmed_strokes_ = 0;
      ctx.send(intent::ClearSignature{});
    }
    if (v.problem) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
      text(ctx.rec, tr(*v.problem), theme::kError);
      ImGui::PopTextWrapPos();
    }
  }

  SignaturePad pad_;
  std::size_t confirmed_strokes_ = 0;
  std::string editing_;  // the mail field the keyboard types into; never its value
  TextInput input_ = TextInput::Pinyin;
  CameraView face_;      // the applicant's photo (personal data): goes with the session
};
}  // namespace

std::unique_ptr<Screen> make_review_screen() { return std::make_unique<ReviewScreen>(); }

}  // namespace ow::ui
