// 办件查询: place the ID card, scan the receipt's QR code under the camera, or type the receipt
// number (the 受理编号 on the number pad; the platform's or an older one on the full keyboard); then the status and its timeline, saying whether the platform answered or this kiosk's
// own record is shown. Nothing here outlives the session.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"
#include "ui/widgets/keyboard.hpp"

namespace ow::ui {

namespace {
class ProgressScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const ProgressView v = ctx.core.progress().progress_view();
    draw_header(ctx, tr(Str::ProgressTitle));
    begin_body(ctx);
    const char* primary = nullptr;
    switch (v.mode) {
      case ProgressMode::Choose: draw_choose(ctx); break;
      case ProgressMode::Scan: draw_scan(ctx, v); break;
      case ProgressMode::Keypad:
        draw_keypad(ctx, v);
        primary = tr(Str::ProgressQuery);
        break;
      case ProgressMode::Verify:
        draw_verify(ctx, v);
        primary = tr(Str::ProgressQuery);
        break;
      case ProgressMode::Busy: big(ctx, tr(Str::ProgressBusy), theme::kTextMuted); break;
      case ProgressMode::CardList: draw_list(ctx, v); break;
      case ProgressMode::Result:
        draw_result(ctx, v);
        primary = tr(Str::ProgressAgain);
        break;
      case ProgressMode::NotFound:
        draw_source(ctx, v.source);
        big(ctx, trf(Str::ProgressNotFound, v.asked), theme::kError);
        primary = tr(Str::ProgressAgain);
        break;
    }
    if (v.mode != ProgressMode::Scan) camera_.reset();
    if (end_body(ctx, kFooterBack | kFooterHome, primary)) {
      if (v.mode == ProgressMode::Keypad || v.mode == ProgressMode::Verify) ctx.send(intent::ProgressSearch{});
      else ctx.send(intent::ProgressKeypad{});
    }
  }

  void reset() override { camera_.reset(); }

 private:
  static void big(UiContext& ctx, const std::string& s, ImU32 color) {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::PushTextWrapPos(0.0f);
    text(ctx.rec, s, color);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
  }

  static void draw_choose(UiContext& ctx) {
    const float s = ctx.m.scale;
    ImGui::Dummy(ImVec2(0, 30 * s));
    big(ctx, tr(Str::ProgressCardHint), theme::kText);
    ImGui::Dummy(ImVec2(0, 30 * s));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(Str::ProgressOr), theme::kTextMuted);
    ImGui::Dummy(ImVec2(0, 20 * s));
    const float gap = 40 * s, avail = ImGui::GetContentRegionAvail().x;
    const bool side_by_side = avail >= 2 * 560 * s + gap;
    const ImVec2 size(side_by_side ? (avail - gap) / 2 : avail, ctx.m.button_h * s * 1.5f);
    if (touch_button(ctx.rec, tr(Str::ProgressScan), size)) ctx.send(intent::ProgressScan{});
    if (side_by_side) ImGui::SameLine(0, gap);
    else ImGui::Dummy(ImVec2(0, gap / 2));
    if (touch_button(ctx.rec, tr(Str::ProgressType), size)) ctx.send(intent::ProgressKeypad{});
    ImGui::PopFont();
  }

  void draw_scan(UiContext& ctx, const ProgressView& v) {
    const float s = ctx.m.scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool portrait = avail.y > avail.x;
    const float side_w = portrait ? avail.x : std::max(480 * s, avail.x * 0.32f);
    const ImVec2 box = portrait ? ImVec2(avail.x, avail.y * 0.55f) : ImVec2(avail.x - side_w - 24 * s, avail.y);
    camera_.draw(ctx, v.preview.get(), box);
    if (!portrait) ImGui::SameLine(0, 24 * s);
    ImGui::BeginGroup();
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side_w);
    if (v.camera_failed) text(ctx.rec, tr(Str::ProgressNoCamera), theme::kError);
    else text(ctx.rec, tr(Str::ProgressScanHint), theme::kText);
    if (v.scan_rejected) text(ctx.rec, tr(Str::ProgressScanRejected), theme::kError);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 24 * s));
    if (touch_button(ctx.rec, tr(Str::ProgressType), ImVec2(side_w, ctx.m.button_h * s), ButtonKind::Secondary))
      ctx.send(intent::ProgressKeypad{});
    ImGui::PopFont();
    ImGui::EndGroup();
  }

  static void draw_keypad(UiContext& ctx, const ProgressView& v) {
    const float s = ctx.m.scale, gap = 24 * s;
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(Str::ProgressNumberLabel), theme::kTextMuted);
    // The 受理编号 is digits; the platform's number and older local ones need letters. The switch
    // goes beside the field where the screen is wide, else under it: the keys keep their height.
    const char* other = tr(v.full_keyboard ? Str::ProgressDigitsOnly : Str::ProgressOtherNumber);
    const bool beside = ctx.width() > ctx.height();
    const ImVec2 other_size(ImGui::CalcTextSize(other).x + 80 * s, ctx.m.field_h * s * 1.2f);
    const float dash_w = std::max(ctx.m.min_target * s * 1.5f, 120 * s);
    float field_w = ImGui::GetContentRegionAvail().x;
    if (beside) field_w -= other_size.x + gap;
    if (v.full_keyboard) field_w -= dash_w + gap;
    field_box(ctx.rec, tr(Str::ProgressNumberLabel), 1, v.typed_text, true, ImVec2(field_w, other_size.y));
    KeyboardAction action;
    if (v.full_keyboard) {
      ImGui::SameLine(0, gap);
      // Older local numbers have dashes: the dash has its own key beside the field.
      if (touch_button(ctx.rec, "-", ImVec2(dash_w, other_size.y), ButtonKind::Secondary)) action.insert += '-';
    }
    bool switch_keys = false;
    if (beside) {
      ImGui::SameLine(0, gap);
      switch_keys = touch_button(ctx.rec, other, other_size, ButtonKind::Secondary);
    }
    if (v.typed_error) text(ctx.rec, tr(*v.typed_error), theme::kError);
    if (!beside) {
      ImGui::Dummy(ImVec2(0, 8 * s));
      switch_keys = touch_button(ctx.rec, other, ImVec2(other_size.x, ctx.m.button_h * s), ButtonKind::Secondary);
    }
    if (switch_keys) ctx.send(intent::ProgressKeyboard{!v.full_keyboard});
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * s));
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const KeyboardKind kind = v.full_keyboard ? KeyboardKind::Pinyin : KeyboardKind::Digits;
    KeyboardAction keys = draw_keyboard(ctx, kind, nullptr, ImVec2(room.x, std::min(room.y - 4 * s, 600 * s)));
    action.insert += keys.insert;
    action.backspace = keys.backspace;
    ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters)
      if (c > 32 && c < 127) action.insert += static_cast<char>(c);
    io.InputQueueCharacters.resize(0);
    if (!action.insert.empty() || action.backspace)
      ctx.send(intent::ProgressType{apply_keyboard(v.typed, action, kind)});
    if (keys.done) ctx.send(intent::ProgressSearch{});
  }

  // The second factor: the last 4 characters of the holder's ID number, or the card on the reader.
  // Where the screen is wide the keys stand beside the question and take the body's whole height:
  // under it, in elderly mode, they came out shorter than a fingertip (51 pt; the audit asks 60).
  static void draw_verify(UiContext& ctx, const ProgressView& v) {
    const float s = ctx.m.scale, gap = 24 * s;
    const bool beside = ctx.width() > ctx.height();
    const ImVec2 top = ImGui::GetCursorPos(), whole = ImGui::GetContentRegionAvail();
    const float left_w = beside ? (whole.x - gap) / 2 : whole.x;
    ImGui::BeginGroup();
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(top.x + left_w);
    text(ctx.rec, trf(Str::ProgressReceiptNo, v.asked), theme::kText);
    text(ctx.rec, tr(Str::ProgressTailHint), theme::kText);
    ImGui::Dummy(ImVec2(0, 8 * s));
    const float field_w = std::min(left_w, 520 * s);
    field_box(ctx.rec, tr(Str::ProgressTailLabel), 2, v.typed_text, v.wait_s == 0, ImVec2(field_w, ctx.m.field_h * s * 1.2f));
    if (v.wait_s > 0) text(ctx.rec, trf(Str::ProgressTooMany, static_cast<int>(v.wait_s)), theme::kError);
    else if (v.typed_error) text(ctx.rec, tr(*v.typed_error), theme::kError);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::EndGroup();
    if (v.wait_s > 0) return;  // no keys while the wait runs: the card still works
    if (beside) ImGui::SetCursorPos(ImVec2(top.x + left_w + gap, top.y));
    else ImGui::Dummy(ImVec2(0, 12 * s));
    const ImVec2 room = ImGui::GetContentRegionAvail();
    KeyboardAction keys = draw_keyboard(ctx, KeyboardKind::IdNumber, nullptr, ImVec2(room.x, std::min(room.y - 4 * s, 600 * s)));
    ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters)
      if (c > 32 && c < 127) keys.insert += static_cast<char>(c);
    io.InputQueueCharacters.resize(0);
    if (!keys.insert.empty() || keys.backspace)
      ctx.send(intent::ProgressType{apply_keyboard(v.id_tail.str(), keys, KeyboardKind::IdNumber)});
    if (keys.done) ctx.send(intent::ProgressSearch{});
  }

  static void draw_list(UiContext& ctx, const ProgressView& v) {
    const float s = ctx.m.scale;
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(0.0f);
    if (v.list.empty()) {
      text(ctx.rec, trf(Str::ProgressCardNone, v.masked_id), theme::kText);
      ImGui::PopTextWrapPos();
      ImGui::PopFont();
      return;
    }
    text(ctx.rec, trf(Str::ProgressCardList, v.masked_id), theme::kHeader);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 12 * s));
    const float button_w = 280 * s;
    for (std::size_t i = 0; i < v.list.size(); ++i) {
      const ProgressItem& item = v.list[i];
      ImGui::PushID(static_cast<int>(i));
      const float y = ImGui::GetCursorPosY();
      ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - button_w - 24 * s);
      text(ctx.rec, item.matter_name, theme::kText);
      ImGui::PushFont(ctx.fonts.body);
      text(ctx.rec, trf(Str::ProgressReceiptNo, item.receipt_no) + "    " + trf(Str::ProgressSubmitted, item.created), theme::kTextMuted);
      text(ctx.rec, trf(Str::ProgressStatus, item.status), theme::kTextMuted);
      ImGui::PopFont();
      ImGui::PopTextWrapPos();
      const float bottom = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionAvail().x - button_w, y));
      const std::string label = tr(Str::ProgressView);
      if (touch_button(ctx.rec, label, ImVec2(button_w, ctx.m.button_h * s), ButtonKind::Secondary)) ctx.send(intent::ProgressPick{i});
      ctx.rec.add_target(item.receipt_no + " " + label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
      ImGui::SetCursorPosY(std::max(bottom, ImGui::GetCursorPosY()) + 12 * s);
      ImGui::Separator();
      ImGui::Dummy(ImVec2(0, 12 * s));
      ImGui::PopID();
    }
    ImGui::PopFont();
  }

  static void draw_source(UiContext& ctx, ProgressSource source) {
    const Str note = source == ProgressSource::Platform         ? Str::ProgressFromPlatform
                     : source == ProgressSource::LocalOffline   ? Str::ProgressOffline
                     : source == ProgressSource::LocalNotSynced ? Str::ProgressNotSynced
                                                                : Str::ProgressLocalOnly;
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(0.0f);
    text(ctx.rec, tr(note), source == ProgressSource::Platform ? theme::kSuccess : theme::kError);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * ctx.m.scale));
  }

  static void draw_result(UiContext& ctx, const ProgressView& v) {
    const float s = ctx.m.scale;
    const ProgressRecord& r = *v.result;
    draw_source(ctx, v.source);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(0.0f);
    if (!v.result_receipt_no.empty()) text(ctx.rec, trf(Str::ProgressReceiptNo, v.result_receipt_no), theme::kText);
    if (!r.platform_receipt_no.empty()) {
      ImGui::PushFont(ctx.fonts.body);
      text(ctx.rec, trf(Str::ProgressPlatformNo, r.platform_receipt_no), theme::kTextMuted);
      ImGui::PopFont();
    }
    if (!v.result_matter.empty()) text(ctx.rec, trf(Str::ProgressMatter, v.result_matter), theme::kText);
    if (!r.created.empty()) text(ctx.rec, trf(Str::ProgressSubmitted, r.created), theme::kText);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.title);
    text(ctx.rec, trf(Str::ProgressStatus, progress_step_text(r.status)), theme::kHeader);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 16 * s));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(Str::ProgressTimeline), theme::kTextMuted);
    ImGui::PopFont();
    // The timeline: a dot per step on a line, the latest last.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r_dot = 12 * s, x = ImGui::GetCursorScreenPos().x + r_dot + 4 * s;
    float prev_y = -1;
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
      const ProgressStep& step = r.timeline[i];
      const bool last = i + 1 == r.timeline.size();
      const float y = ImGui::GetCursorScreenPos().y + ImGui::GetTextLineHeight() / 2 + 4 * s;
      if (prev_y >= 0) dl->AddLine(ImVec2(x, prev_y + r_dot), ImVec2(x, y - r_dot), theme::kBorder, 4 * s);
      dl->AddCircleFilled(ImVec2(x, y), r_dot, last ? theme::kSuccess : theme::kBorder, 24);
      prev_y = y;
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 3 * r_dot + 16 * s);
      ImGui::PushFont(last ? ctx.fonts.large : ctx.fonts.body);
      text(ctx.rec, progress_step_text(step) + (step.at.empty() ? "" : "    " + step.at), last ? theme::kText : theme::kTextMuted);
      ImGui::PopFont();
      ImGui::Dummy(ImVec2(0, 24 * s));
    }
    ImGui::PopTextWrapPos();
  }

  CameraView camera_;
};
}  // namespace

std::unique_ptr<Screen> make_progress_screen() { return std::make_unique<ProgressScreen>(); }

}  // namespace ow::ui
