#include <algorithm>

#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

float draw_header_buttons(UiContext& ctx, float right) {
  const float s = ctx.m.scale, margin = ctx.m.margin * s * 0.5f, h = ctx.m.header_h * s;
  const float button_h = std::min(ctx.m.button_h * s, h - 16 * s);
  auto button = [&](const char* label, Intent intent) {
    const float w = std::max(ctx.m.min_target * s * 2.0f, ImGui::CalcTextSize(label).x + 48 * s);
    right -= w;
    ImGui::SetCursorPos(ImVec2(right, (h - button_h) / 2));
    if (touch_button(ctx.rec, label, ImVec2(w, button_h), ButtonKind::OnHeader)) ctx.send(intent);
    right -= margin;
  };
  button(tr(Str::LanguageToggle), intent::ToggleLanguage{});
  button(tr(ctx.core.elderly() ? Str::ElderlyOff : Str::ElderlyOn), intent::ToggleElderly{});
  if (ctx.core.elderly()) button(tr(Str::Replay), intent::Replay{});
  return right;
}

// 办不成事 on every screen after the first, left of the header's other buttons.
static float draw_cannot_do_button(UiContext& ctx, float right) {
  const float s = ctx.m.scale, h = ctx.m.header_h * s;
  const float button_h = std::min(ctx.m.button_h * s, h - 16 * s);
  const char* label = tr(Str::CannotDo);
  const float w = std::max(ctx.m.min_target * s * 2.0f, ImGui::CalcTextSize(label).x + 48 * s);
  right -= w;
  ImGui::SetCursorPos(ImVec2(right, (h - button_h) / 2));
  if (touch_button(ctx.rec, label, ImVec2(w, button_h), ButtonKind::Secondary)) ctx.send(intent::CannotDo{});
  return right - ctx.m.margin * s * 0.5f;
}

void draw_header(UiContext& ctx, const std::string& title) {
  const float s = ctx.m.scale, h = ctx.m.header_h * s, margin = ctx.m.margin * s;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width(), h), theme::kHeader);

  ImGui::PushFont(ctx.fonts.large);
  const float line = ImGui::GetTextLineHeight();
  float x = draw_header_buttons(ctx, ctx.width() - margin);
  x = draw_cannot_do_button(ctx, x);
  const std::string clock = clock_hhmm(ctx.wall);
  const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
  // The clock gives way to the title where the screen is narrow (portrait, elderly mode).
  const float title_w = ImGui::CalcTextSize(title.c_str()).x;
  if (x - clock_w - margin > margin + title_w + margin) {
    x -= clock_w + margin / 2;
    ImGui::SetCursorPos(ImVec2(x, (h - line) / 2));
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnHeader);
    ImGui::TextUnformatted(clock.c_str());
    ImGui::PopStyleColor();
    ctx.rec.add_text(clock);
  }
  // Where the buttons leave too little room (portrait in elderly mode), the title gets a band of its
  // own under them, rather than being cut to a character or two.
  float top = 0, right = x - margin / 2;
  if (title_w > right - margin) {
    ctx.title_band = line + 24 * s;
    dl->AddRectFilled(ImVec2(0, h), ImVec2(ctx.width(), h + ctx.title_band), theme::kHeader);
    top = h;
    right = ctx.width() - margin;
  }
  const float band_h = top > 0 ? ctx.title_band : h;
  ImGui::PushClipRect(ImVec2(0, top), ImVec2(right, top + band_h), true);
  ImGui::SetCursorPos(ImVec2(margin, top + (band_h - line) / 2));
  ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnHeader);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopStyleColor();
  ImGui::PopClipRect();
  ctx.rec.add_text(title);
  ImGui::PopFont();
}

void begin_body(UiContext& ctx) {
  const float s = ctx.m.scale;
  const float top = ctx.m.header_h * s + ctx.title_band, bottom = ctx.m.footer_h * s, margin = ctx.m.margin * s;
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

float begin_modal(UiContext& ctx, const char* id, float height) {
  const float s = ctx.m.scale;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme::kScrim);
  ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  const ImVec2 panel(std::min(1200 * s, ctx.width() - 80 * s), height);
  ImGui::SetCursorPos(ImVec2((ctx.width() - panel.x) / 2, (ctx.height() - panel.y) / 2));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::kSurface);
  ImGui::BeginChild("panel", panel, false);
  ImGui::PopStyleColor();
  ImGui::Dummy(ImVec2(0, 50 * s));
  return panel.x;
}

void end_modal() {
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace ow::ui
