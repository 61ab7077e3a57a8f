// Cancel asks once: a wrong tap must not throw away a half-finished application.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

void draw_cancel_overlay(UiContext& ctx) {
  const float s = ctx.m.scale;
  const float panel_w = begin_modal(ctx, "cancel", 560 * s);
  ImGui::PushFont(ctx.fonts.title);
  text_centered(ctx.rec, tr(Str::CancelAskTitle), theme::kText);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::PushFont(ctx.fonts.large);
  text_centered(ctx.rec, tr(Str::CancelAskBody), theme::kTextMuted);
  ImGui::Dummy(ImVec2(0, 50 * s));
  const float gap = 40 * s;
  const ImVec2 size(std::min(420 * s, (panel_w - 3 * gap) / 2), ctx.m.button_h * s * 1.2f);
  ImGui::SetCursorPosX((panel_w - 2 * size.x - gap) / 2);
  // "Continue" is the prominent choice: cancelling is the one that loses work.
  if (touch_button(ctx.rec, tr(Str::CancelAskYes), size, ButtonKind::Secondary)) ctx.send(intent::CancelConfirmed{});
  ImGui::SameLine(0, gap);
  if (touch_button(ctx.rec, tr(Str::CancelAskNo), size)) ctx.send(intent::CancelDismissed{});
  ImGui::PopFont();
  end_modal();
}

}  // namespace ow::ui
