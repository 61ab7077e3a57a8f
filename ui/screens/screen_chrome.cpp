#include <algorithm>

#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

void draw_header(UiContext& ctx, const std::string& title) {
  const float s = ctx.m.scale, h = ctx.m.header_h * s, margin = ctx.m.margin * s;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width(), h), theme::kHeader);

  ImGui::PushFont(ctx.fonts.large);
  const float line = ImGui::GetTextLineHeight();
  ImGui::SetCursorPos(ImVec2(margin, (h - line) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnHeader);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopStyleColor();
  ctx.rec.add_text(title);

  const std::string clock = clock_hhmm(ctx.wall);
  const std::string lang = tr(Str::LanguageToggle);
  const float lang_w = std::max(ctx.m.min_target * s * 2.5f, ImGui::CalcTextSize(lang.c_str()).x + 48 * s);
  const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
  float x = ctx.width() - margin - lang_w;
  ImGui::SetCursorPos(ImVec2(x, (h - ctx.m.button_h * s * 0.8f) / 2));
  if (touch_button(ctx.rec, lang, ImVec2(lang_w, ctx.m.button_h * s * 0.8f), ButtonKind::OnHeader))
    ctx.send(intent::ToggleLanguage{});
  x -= clock_w + margin;
  ImGui::SetCursorPos(ImVec2(x, (h - line) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnHeader);
  ImGui::TextUnformatted(clock.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ctx.rec.add_text(clock);
}

void begin_body(UiContext& ctx) {
  const float s = ctx.m.scale;
  const float top = ctx.m.header_h * s, bottom = ctx.m.footer_h * s, margin = ctx.m.margin * s;
  ImGui::SetCursorPos(ImVec2(margin, top + margin / 2));
  ImGui::BeginChild("body", ImVec2(ctx.width() - 2 * margin, ctx.height() - top - bottom - margin), false,
                    ImGuiWindowFlags_NoScrollWithMouse);
}

bool end_body(UiContext& ctx, int footer_buttons, const char* primary) {
  ctx.touch.drag_scroll();
  ImGui::EndChild();
  const float s = ctx.m.scale, h = ctx.m.footer_h * s, margin = ctx.m.margin * s;
  const float top = ctx.height() - h;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(0, top), ImVec2(ctx.width(), top), theme::kBorder, 2 * s);
  // Up to three buttons share the width; in portrait they shrink to fit side by side.
  const int count = ((footer_buttons & kFooterBack) ? 1 : 0) + ((footer_buttons & kFooterCancel) ? 1 : 0) + (primary ? 1 : 0);
  const float fit = count ? (ctx.width() - margin * static_cast<float>(count + 1)) / static_cast<float>(count) : 0;
  const ImVec2 size(std::min(360 * s, fit), ctx.m.button_h * s);
  const float y = top + (h - size.y) / 2;
  ImGui::PushFont(ctx.fonts.large);
  float x = margin;
  if (footer_buttons & kFooterBack) {
    ImGui::SetCursorPos(ImVec2(x, y));
    if (touch_button(ctx.rec, tr(Str::Back), size, ButtonKind::Secondary)) ctx.send(intent::Back{});
    x += size.x + margin;
  }
  if (footer_buttons & kFooterCancel) {
    ImGui::SetCursorPos(ImVec2(x, y));
    if (touch_button(ctx.rec, tr(Str::CancelSession), size, ButtonKind::Secondary)) ctx.send(intent::Cancel{});
    x += size.x + margin;
  }
  bool pressed = false;
  if (primary) {
    const float wanted = std::max(size.x, ImGui::CalcTextSize(primary).x + 120 * s);
    const ImVec2 primary_size(std::min(wanted, ctx.width() - margin - x), size.y);
    ImGui::SetCursorPos(ImVec2(ctx.width() - margin - primary_size.x, y));
    pressed = touch_button(ctx.rec, primary, primary_size);
  }
  ImGui::PopFont();
  return pressed;
}

}  // namespace ow::ui
