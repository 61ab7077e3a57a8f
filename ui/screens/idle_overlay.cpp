// The idle countdown: a dimmed screen and one big "continue" button. Nothing entered is lost
// while it shows; only the end of the countdown wipes the session.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

void draw_idle_overlay(UiContext& ctx, int seconds_left) {
  const float s = ctx.m.scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kScrim);
  ImGui::Begin("idle", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  const ImVec2 panel(std::min(1200 * s, ctx.width() - 80 * s), 520 * s);
  const ImVec2 at((ctx.width() - panel.x) / 2, (ctx.height() - panel.y) / 2);
  ImGui::SetCursorPos(at);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kSurface);
  ImGui::BeginChild("idle_panel", panel, false);
  ImGui::PopStyleColor();
  ImGui::Dummy(ImVec2(0, 50 * s));
  ImGui::PushFont(ctx.fonts.title);
  text_centered(ctx.rec, tr(Str::IdleTitle), theme::kText);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::PushFont(ctx.fonts.large);
  text_centered(ctx.rec, trf(Str::IdleCountdown, seconds_left), theme::kError);
  ImGui::Dummy(ImVec2(0, 50 * s));
  const ImVec2 size(480 * s, ctx.m.button_h * s * 1.2f);
  ImGui::SetCursorPosX((panel.x - size.x) / 2);
  if (touch_button(ctx.rec, tr(Str::IdleContinue), size)) ctx.send(intent::KeepAlive{});
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace ow::ui
