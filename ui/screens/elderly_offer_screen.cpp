// The offer of 长辈模式 to a card holder of 60 or more, before consent: one large question, spoken,
// and two answers. Drawn at elderly mode's size whichever the answer, since it is for whoever may
// need that size; never forced.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class ElderlyOfferScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const float w = ctx.width(), h = ctx.height();
    const float margin = 60 * s;
    ImGui::SetCursorPosY(h * 0.18f);
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetWindowFontScale(1.3f);
    text_centered(ctx.rec, tr(Str::ElderlyOfferTitle), theme::kHeader);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Dummy(ImVec2(0, 32 * s));
    ImGui::SetCursorPosX(margin);
    ImGui::PushTextWrapPos(w - margin);
    text(ctx.rec, tr(Str::ElderlyOfferBody), theme::kText);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 60 * s));
    // Side by side in landscape, one above the other in portrait; both as tall as elderly buttons.
    const bool portrait = h > w;
    const float gap = 40 * s;
    const ImVec2 size(portrait ? w - 2 * margin : std::min(640 * s, (w - 2 * margin - gap) / 2), 150 * s);
    ImGui::SetCursorPosX(portrait ? margin : (w - 2 * size.x - gap) / 2);
    if (touch_button(ctx.rec, tr(Str::ElderlyOfferYes), size, ButtonKind::Primary)) ctx.send(intent::ElderlyOfferAnswer{true});
    if (portrait) {
      ImGui::Dummy(ImVec2(0, gap - ImGui::GetStyle().ItemSpacing.y));
      ImGui::SetCursorPosX(margin);
    } else {
      ImGui::SameLine(0, gap);
    }
    if (touch_button(ctx.rec, tr(Str::ElderlyOfferNo), size, ButtonKind::Secondary)) ctx.send(intent::ElderlyOfferAnswer{false});
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_elderly_offer_screen() { return std::make_unique<ElderlyOfferScreen>(); }

}  // namespace ow::ui
