#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
// A label as a button shows it: the font and the text, on two lines where one does not fit.
struct Shown {
  ImFont* font;
  std::string text;
};

float text_width(ImFont* font, const std::string& s) {
  ImGui::PushFont(font);
  const float w = ImGui::CalcTextSize(s.c_str()).x;
  ImGui::PopFont();
  return w;
}

bool starts_closing(std::string_view rest) {
  for (std::string_view c : {"：", "，", "。", "、", "）", "》", ":", ",", ".", ")"})
    if (rest.starts_with(c)) return true;
  return false;
}

// `s` on two lines, broken where the wider line is narrowest: at a space or next to a Chinese
// character, never before closing punctuation. Unchanged when it has no such place.
std::string two_lines(ImFont* font, const std::string& s) {
  std::string best = s;
  float best_w = text_width(font, s);
  for (std::size_t i = 1; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]), prev = static_cast<unsigned char>(s[i - 1]);
    if ((c & 0xC0) == 0x80) continue;  // inside a UTF-8 character
    const bool at_space = c == ' ';
    if (!at_space && c < 0x80 && prev < 0x80) continue;  // inside an ASCII word
    if (starts_closing(std::string_view(s).substr(i))) continue;
    std::string first = s.substr(0, i), second = s.substr(i);
    while (!first.empty() && first.back() == ' ') first.pop_back();
    while (!second.empty() && second.front() == ' ') second.erase(0, 1);
    if (first.empty() || second.empty()) continue;
    const float w = std::max(text_width(font, first), text_width(font, second));
    if (w < best_w) {
      best_w = w;
      best = first + "\n" + second;
    }
  }
  return best;
}

// How a label fits `inner` pixels: in `font`, else the body font, else on two lines — smaller or
// wrapped, but whole.
Shown fit_label(UiContext& ctx, ImFont* font, const std::string& label, ImVec2 inner) {
  auto fits = [&](ImFont* f, const std::string& s) {
    ImGui::PushFont(f);
    const ImVec2 size = ImGui::CalcTextSize(s.c_str());
    ImGui::PopFont();
    return size.x <= inner.x && size.y <= inner.y;
  };
  for (ImFont* f : {font, ctx.fonts.body})
    if (fits(f, label)) return {f, label};
  for (ImFont* f : {font, ctx.fonts.body}) {
    std::string two = two_lines(f, label);
    if (fits(f, two)) return {f, std::move(two)};
  }
  return {ctx.fonts.body, two_lines(ctx.fonts.body, label)};
}

// A touch button showing `shown`, recorded under its whole one-line label so scripts tap it by that.
bool shown_button(UiContext& ctx, const std::string& label, const Shown& shown, ImVec2 size, ButtonKind kind) {
  if (shown.text == label && shown.font == ImGui::GetFont()) return touch_button(ctx.rec, label, size, kind);
  ImGui::PushFont(shown.font);
  FrameRecord drawn;
  const bool pressed = touch_button(drawn, shown.text, size, kind);
  ImGui::PopFont();
  for (Target t : drawn.targets()) {
    t.label = label;
    ctx.rec.add_target(std::move(t));
  }
  for (TextRecord t : drawn.texts()) {
    t.text = label;
    ctx.rec.add_text(std::move(t));
  }
  for (const Fill& f : drawn.fills()) ctx.rec.add_fill(f);
  return pressed;
}

struct HeaderButton {
  std::string label;
  Intent intent;
  ButtonKind kind;
};

// The header's buttons from the right edge leftwards; where they do not fit in `room`, they shrink
// together (body font, less padding, then two lines), never below the touch target size.
float draw_header_row(UiContext& ctx, float right, float room, const std::vector<HeaderButton>& buttons) {
  const float s = ctx.m.scale, h = ctx.m.header_h * s;
  const float button_h = std::min(ctx.m.button_h * s, h - 16 * s), min_w = ctx.m.min_target * s * 2.0f;
  struct Stage {
    ImFont* font;
    bool two;
    float pad, gap;
  };
  const Stage stages[] = {{ctx.fonts.large, false, 48 * s, ctx.m.margin * s * 0.5f},
                          {ctx.fonts.body, false, 2 * ImGui::GetStyle().FramePadding.x, 12 * s},
                          {ctx.fonts.body, true, 2 * ImGui::GetStyle().FramePadding.x, 12 * s}};
  std::vector<Shown> shown;
  std::vector<float> widths;
  float gap = 0;
  for (const Stage& st : stages) {
    shown.clear();
    widths.clear();
    float total = 0;
    for (const auto& b : buttons) {
      shown.push_back({st.font, st.two ? two_lines(st.font, b.label) : b.label});
      widths.push_back(std::max(min_w, text_width(st.font, shown.back().text) + st.pad));
      total += widths.back() + st.gap;
    }
    gap = st.gap;
    if (total <= room) break;
  }
  for (std::size_t i = 0; i < buttons.size(); ++i) {
    right -= widths[i];
    ImGui::SetCursorPos(ImVec2(right, (h - button_h) / 2));
    if (shown_button(ctx, buttons[i].label, shown[i], ImVec2(widths[i], button_h), buttons[i].kind))
      ctx.send(buttons[i].intent);
    right -= gap;
  }
  return right;
}

std::vector<HeaderButton> header_buttons(UiContext& ctx) {
  std::vector<HeaderButton> b{{tr(Str::LanguageToggle), intent::ToggleLanguage{}, ButtonKind::OnHeader},
                              {tr(ctx.core.elderly() ? Str::ElderlyOff : Str::ElderlyOn), intent::ToggleElderly{}, ButtonKind::OnHeader}};
  if (ctx.core.elderly()) b.push_back({tr(Str::Replay), intent::Replay{}, ButtonKind::OnHeader});
  return b;
}
}  // namespace

float draw_header_buttons(UiContext& ctx, float right) {
  return draw_header_row(ctx, right, right - ctx.m.margin * ctx.m.scale, header_buttons(ctx));
}

void draw_header(UiContext& ctx, const std::string& title) {
  const float s = ctx.m.scale, h = ctx.m.header_h * s, margin = ctx.m.margin * s;
  fill_rect(ctx.rec, ImVec2(0, 0), ImVec2(ctx.width(), h), theme::kHeader);

  ImGui::PushFont(ctx.fonts.large);
  const float line = ImGui::GetTextLineHeight();
  // 办不成事 on every screen after the first, left of the header's other buttons.
  std::vector<HeaderButton> buttons = header_buttons(ctx);
  buttons.push_back({tr(Str::CannotDo), intent::CannotDo{}, ButtonKind::Secondary});
  float x = draw_header_row(ctx, ctx.width() - margin, ctx.width() - 2 * margin, buttons);
  const std::string clock = clock_hhmm(ctx.wall);
  const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
  // The clock gives way to the title where the screen is narrow (portrait, elderly mode).
  const float title_w = ImGui::CalcTextSize(title.c_str()).x;
  if (x - clock_w - margin > margin + title_w + margin) {
    x -= clock_w + margin / 2;
    ImGui::SetCursorPos(ImVec2(x, (h - line) / 2));
    text_line(ctx.rec, clock, theme::kOnHeader);
  }
  // Where the buttons leave too little room (portrait in elderly mode), the title gets a band of its
  // own under them, rather than being cut to a character or two.
  float top = 0, right = x - margin / 2;
  if (title_w > right - margin) {
    ctx.title_band = line + 24 * s;
    fill_rect(ctx.rec, ImVec2(0, h), ImVec2(ctx.width(), h + ctx.title_band), theme::kHeader);
    top = h;
    right = ctx.width() - margin;
  }
  const float band_h = top > 0 ? ctx.title_band : h;
  ImGui::PushClipRect(ImVec2(0, top), ImVec2(right, top + band_h), true);
  ImGui::SetCursorPos(ImVec2(margin, top + (band_h - line) / 2));
  text_line(ctx.rec, title, theme::kOnHeader);
  ImGui::PopClipRect();
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
  const bool leave = footer_buttons & (kFooterCancel | kFooterHome);
  const int count = ((footer_buttons & kFooterBack) ? 1 : 0) + (leave ? 1 : 0) + (primary ? 1 : 0);
  const float fit = count ? (ctx.width() - margin * static_cast<float>(count + 1)) / static_cast<float>(count) : 0;
  const ImVec2 size(std::min(360 * s, fit), ctx.m.button_h * s);
  const float y = top + (h - size.y) / 2;
  ImGui::PushFont(ctx.fonts.large);
  // A label wider than its button shows smaller or on two lines, never cut.
  const ImVec2 padding(2 * ImGui::GetStyle().FramePadding.x, 16 * s);
  auto button = [&](const std::string& label, ImVec2 at, ImVec2 button_size, ButtonKind kind) {
    ImGui::SetCursorPos(at);
    const ImVec2 inner(button_size.x - padding.x, button_size.y - padding.y);
    return shown_button(ctx, label, fit_label(ctx, ctx.fonts.large, label, inner), button_size, kind);
  };
  float x = margin;
  if (footer_buttons & kFooterBack) {
    if (button(tr(Str::Back), ImVec2(x, y), size, ButtonKind::Secondary)) ctx.send(intent::Back{});
    x += size.x + margin;
  }
  if (leave) {
    const Str label = (footer_buttons & kFooterHome) ? Str::GoodbyeHome : Str::CancelSession;
    if (button(tr(label), ImVec2(x, y), size, ButtonKind::Secondary)) ctx.send(intent::Cancel{});
    x += size.x + margin;
  }
  bool pressed = false;
  if (primary) {
    const float wanted = std::max(size.x, ImGui::CalcTextSize(primary).x + 120 * s);
    const ImVec2 primary_size(std::min(wanted, ctx.width() - margin - x), size.y);
    pressed = button(primary, ImVec2(ctx.width() - margin - primary_size.x, y), primary_size, ButtonKind::Primary);
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
  note_window_background(ctx.rec, theme::kSurface);
  ImGui::Dummy(ImVec2(0, 50 * s));
  return panel.x;
}

void end_modal() {
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace ow::ui
