// 办不成事: the kiosk has already noted the step (nothing personal); the panel tells the citizen
// where a person helps, and lets them go on or leave.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

void draw_help_desk(UiContext& ctx) {
  const HelpDeskView v = ctx.core.hall().help_desk_view();
  if (!v.place.empty()) text(ctx.rec, trf(Str::HelpDeskPlace, v.place), theme::kText);
  if (!v.hours.empty()) text(ctx.rec, trf(Str::HelpDeskHours, v.hours), theme::kText);
  if (!v.phone.empty()) text(ctx.rec, trf(Str::HelpDeskPhone, v.phone), theme::kText);
}

void draw_cannot_do_overlay(UiContext& ctx) {
  const float s = ctx.m.scale;
  const float panel_w = begin_modal(ctx, "cannot_do", std::min(760 * s, ctx.height() - 80 * s));
  ImGui::PushFont(ctx.fonts.title);
  ImGui::PushTextWrapPos(panel_w - 40 * s);
  text_centered(ctx.rec, tr(Str::CannotDoTitle), theme::kHeader);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::PushFont(ctx.fonts.large);
  ImGui::Indent(50 * s);
  draw_help_desk(ctx);
  ImGui::Dummy(ImVec2(0, 16 * s));
  ImGui::PushFont(ctx.fonts.body);
  text(ctx.rec, tr(Str::CannotDoRecorded), theme::kTextMuted);
  ImGui::PopFont();
  ImGui::Unindent(50 * s);
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, 30 * s));
  const float gap = 40 * s;
  const ImVec2 size(std::min(420 * s, (panel_w - 3 * gap) / 2), ctx.m.button_h * s * 1.2f);
  ImGui::SetCursorPosX((panel_w - 2 * size.x - gap) / 2);
  if (touch_button(ctx.rec, tr(Str::CannotDoEnd), size, ButtonKind::Secondary)) ctx.send(intent::CannotDoLeave{});
  ImGui::SameLine(0, gap);
  if (touch_button(ctx.rec, tr(Str::CannotDoContinue), size)) ctx.send(intent::CannotDoClose{});
  ImGui::PopFont();
  end_modal();
}

}  // namespace ow::ui
