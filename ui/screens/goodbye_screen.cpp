// Goodbye: the session's data is already gone; remind the citizen of what to take with them.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class GoodbyeScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    ImGui::SetCursorPosY(ctx.height() * 0.25f);
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetWindowFontScale(1.4f);
    text_centered(ctx.rec, tr(Str::GoodbyeTitle), theme::kHeader);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Dummy(ImVec2(0, 40 * s));
    text_centered(ctx.rec, tr(Str::GoodbyeTakeCard), theme::kText);
    ImGui::Dummy(ImVec2(0, 16 * s));
    text_centered(ctx.rec, tr(Str::GoodbyeTakeReceipt), theme::kText);
    ImGui::Dummy(ImVec2(0, 60 * s));
    const ImVec2 size(420 * s, ctx.m.button_h * s);
    ImGui::SetCursorPosX((ctx.width() - size.x) / 2);
    ImGui::PushFont(ctx.fonts.large);
    if (touch_button(ctx.rec, tr(Str::GoodbyeHome), size, ButtonKind::Secondary)) ctx.send(intent::Finish{});
    ImGui::PopFont();
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_goodbye_screen() { return std::make_unique<GoodbyeScreen>(); }

}  // namespace ow::ui
