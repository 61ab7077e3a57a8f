// The idle countdown: a dimmed screen and one big "continue" button. Nothing entered is lost
// while it shows; only the end of the countdown wipes the session.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

void draw_idle_overlay(UiContext& ctx, int seconds_left) {
  const float s = ctx.m.scale;
  const float panel_w = begin_modal(ctx, "idle", 520 * s);
  ImGui::PushFont(ctx.fonts.title);
  text_centered(ctx.rec, tr(Str::IdleTitle), theme::kText);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::PushFont(ctx.fonts.large);
  text_centered(ctx.rec, trf(Str::IdleCountdown, seconds_left), theme::kError);
  ImGui::Dummy(ImVec2(0, 50 * s));
  const ImVec2 size(480 * s, ctx.m.button_h * s * 1.2f);
  ImGui::SetCursorPosX((panel_w - size.x) / 2);
  if (touch_button(ctx.rec, tr(Str::IdleContinue), size)) ctx.send(intent::KeepAlive{});
  ImGui::PopFont();
  end_modal();
}

}  // namespace ow::ui
