// 好差评: five levels, reasons and an optional comment for the two lowest, or skip.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/keyboard.hpp"

namespace ow::ui {

namespace {
class RatingScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const Rating& r = ctx.core.rating().rating_view();
    draw_header(ctx, tr(Str::RatingTitle));
    begin_body(ctx);
    static constexpr Str kLevels[5] = {Str::Rating5, Str::Rating4, Str::Rating3, Str::Rating2, Str::Rating1};
    ImGui::PushFont(ctx.fonts.large);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float w = (avail - 4 * gap) / 5;
    // Five in a row where every label fits; otherwise (portrait in elderly mode, English) one per row.
    float widest = 0;
    for (Str level : kLevels) widest = std::max(widest, ImGui::CalcTextSize(tr(level)).x);
    const bool in_row = widest + 2 * ImGui::GetStyle().FramePadding.x <= w;
    const ImVec2 size = in_row ? ImVec2(w, 150 * s) : ImVec2(avail, ctx.m.button_h * s);
    for (int i = 0; i < 5; ++i) {
      if (i && in_row) ImGui::SameLine();
      const int level = 5 - i;
      if (touch_button(ctx.rec, tr(kLevels[i]), size, r.level == level ? ButtonKind::Primary : ButtonKind::Secondary,
                       level))
        ctx.send(intent::Rate{level});
    }
    ImGui::PopFont();
    if (r.level >= 1 && r.level <= 2) {
      ImGui::Dummy(ImVec2(0, 16 * s));
      text(ctx.rec, tr(Str::RatingWhy));
      const float reason_w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
      for (int i = 0; i < RatingController::kReasons; ++i) {
        if (i % 3) ImGui::SameLine();
        const bool on = r.reasons.count(i) > 0;
        if (touch_button(ctx.rec, tr(static_cast<Str>(static_cast<int>(Str::RatingReason0) + i)),
                         ImVec2(reason_w, ctx.m.button_h * s * 0.8f),
                         on ? ButtonKind::Primary : ButtonKind::Secondary, 100 + i))
          ctx.send(intent::ToggleReason{i});
      }
      ImGui::Dummy(ImVec2(0, 8 * s));
      text(ctx.rec, tr(Str::RatingComment));
      if (field_box(ctx.rec, tr(Str::RatingComment), 1, r.comment.str(), editing_, ImVec2(ImGui::GetContentRegionAvail().x, ctx.m.field_h * s)))
        editing_ = true;
      if (editing_) {
        const KeyboardAction a = draw_keyboard(ctx, KeyboardKind::Pinyin, ctx.ime, ImVec2(ImGui::GetContentRegionAvail().x, 420 * s));
        const std::string next = apply_keyboard(r.comment.str(), a, KeyboardKind::Pinyin);
        if (next != r.comment) ctx.send(intent::SetComment{next});
        if (a.done) editing_ = false;
      }
    }
    const bool send = end_body(ctx, kFooterNone, r.level ? tr(Str::RatingSubmit) : nullptr);
    if (send) ctx.send(intent::SubmitRating{});
    // Skipping sits where the back button would be: always there, never in the way.
    const float h = ctx.m.footer_h * s;
    ImGui::SetCursorPos(ImVec2(ctx.m.margin * s, ctx.height() - h + (h - ctx.m.button_h * s) / 2));
    ImGui::PushFont(ctx.fonts.large);
    if (touch_button(ctx.rec, tr(Str::RatingSkip), ImVec2(300 * s, ctx.m.button_h * s), ButtonKind::Secondary))
      ctx.send(intent::SkipRating{});
    ImGui::PopFont();
  }

  void reset() override { editing_ = false; }

 private:
  bool editing_ = false;
};
}  // namespace

std::unique_ptr<Screen> make_rating_screen() { return std::make_unique<RatingScreen>(); }

}  // namespace ow::ui
