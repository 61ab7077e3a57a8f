// Goodbye: the session's data is already gone; reminds the citizen of what to take with them — the
// card they started with, the printed receipt — only when there is one, in large type.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class GoodbyeScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const GoodbyeView v = ctx.core.entry().goodbye_view();
    ImGui::SetCursorPosY(ctx.height() * 0.22f);
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetWindowFontScale(ctx.core.elderly() ? 1.6f : 1.4f);
    text_centered(ctx.rec, tr(Str::GoodbyeTitle), theme::kHeader);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    // The large size is one step up in elderly mode, as on every other screen.
    ImGui::PushFont(ctx.fonts.large);
    ImGui::Dummy(ImVec2(0, 40 * s));
    if (v.take_card) {
      text_centered(ctx.rec, tr(*v.take_card), theme::kText);
      ImGui::Dummy(ImVec2(0, 16 * s));
    }
    if (v.take_receipt) text_centered(ctx.rec, tr(Str::GoodbyeTakeReceipt), theme::kText);
    ImGui::Dummy(ImVec2(0, 60 * s));
    // Elderly mode's metrics make the button taller; its width follows the label's size.
    const ImVec2 size(std::max(420 * s, ImGui::CalcTextSize(tr(Str::GoodbyeHome)).x + 120 * s), ctx.m.button_h * s);
    ImGui::SetCursorPosX((ctx.width() - size.x) / 2);
    if (touch_button(ctx.rec, tr(Str::GoodbyeHome), size, ButtonKind::Secondary)) ctx.send(intent::Finish{});
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_goodbye_screen() { return std::make_unique<GoodbyeScreen>(); }

}  // namespace ow::ui
