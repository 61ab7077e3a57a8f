#include "ui/touch.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

#include <set>
#include <string_view>

#include "kiosk/log.hpp"
#include "ui/theme.hpp"

namespace ow::ui {

namespace {
// A character outside the atlas shows as '?'; say so once per character so it gets fixed
// (usually text that bypassed the strings table or the catalog).
void check_glyphs(const std::string& s) {
  static std::set<unsigned int> reported;
  const ImFont* font = ImGui::GetFont();
  const char* p = s.c_str();
  const char* end = p + s.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c < 0x20 || font->FindGlyphNoFallback(static_cast<ImWchar>(c)) || !reported.insert(c).second) continue;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", c);
    log::warn("ui", std::string("missing glyph ") + code + " in the font atlas");
  }
}
// Chinese line breaking: a line may end after any CJK character or at a space, an ASCII word or
// number stays whole, and no line starts with closing punctuation or ends with opening punctuation.
// (ImGui only breaks at spaces, so "保留 7 天即删除…" broke after the 7, and "。" could start a line.)
bool is_cjk(unsigned int c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x2010 && c <= 0x2027) || c == 0x00B7;
}
bool closing(unsigned int c) {
  static constexpr std::u32string_view kClosing = U"，。、；：？！）》」』】〉”’…·%,.;:!?)]}";
  return kClosing.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}
bool opening(unsigned int c) {
  static constexpr std::u32string_view kOpening = U"（《「『【〈“‘([{";
  return kOpening.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}
// `s` with a newline at each break needed to fit `width` pixels in the current font; the spaces at a
// break are dropped.
std::string wrap(const std::string& s, float width) {
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  std::string out;
  out.reserve(s.size() + 16);
  const char* p = s.c_str();
  const char* end = p + s.size();
  const char* line = p;      // start of the current line in s
  const char* brk = nullptr;  // the last place the line may end
  float x = 0, x_at_brk = 0;
  unsigned int prev = '\n';
  auto emit = [&](const char* until, const char* next) {
    const char* e = until;
    while (e > line && e[-1] == ' ') --e;
    out.append(line, e);
    out.push_back('\n');
    line = next;
    while (line < end && *line == ' ') ++line;
  };
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    if (c == '\n') {
      emit(p, p + n);
      brk = nullptr;
      x = 0;
      prev = c;
      p += n;
      continue;
    }
    const bool may_break = p > line && (prev == ' ' || is_cjk(prev) || is_cjk(c)) && !closing(c) && !opening(prev);
    if (may_break) {
      brk = p;
      x_at_brk = x;
    }
    const float advance = font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
    if (x + advance > width && p > line && c != ' ') {
      if (brk && brk > line) {
        emit(brk, brk);
        x -= x_at_brk;
      } else {  // one word wider than the line: cut it here
        emit(p, p);
        x = 0;
      }
      brk = nullptr;
    }
    x += advance;
    prev = c;
    p += n;
  }
  out.append(line, end);
  return out;
}

// `s`'s lines, each centred across [min, max] and the block centred down it, in the text colour.
void draw_lines_centred(const std::string& s, ImVec2 min, ImVec2 max) {
  // Lines advance by the font size, as ImGui's own multi-line text does.
  const float line_h = ImGui::GetTextLineHeight();
  const auto lines = static_cast<float>(std::count(s.begin(), s.end(), '\n') + 1);
  float y = min.y + (max.y - min.y - lines * line_h) / 2;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
  for (std::size_t begin = 0; begin <= s.size(); y += line_h) {
    const std::size_t end = std::min(s.find('\n', begin), s.size());
    const char* b = s.c_str() + begin;
    const char* e = s.c_str() + end;
    const float w = ImGui::CalcTextSize(b, e).x;
    dl->AddText(ImVec2(min.x + (max.x - min.x - w) / 2, y), color, b, e);
    begin = end + 1;
  }
}

bool opaque(ImU32 c) { return ((c >> IM_COL32_A_SHIFT) & 0xFF) == 0xFF; }

// `top` drawn over the opaque `below`, as the renderer blends them.
ImU32 over(ImU32 top, ImU32 below) {
  const float a = static_cast<float>((top >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f;
  auto mix = [&](int shift) {
    const float t = static_cast<float>((top >> shift) & 0xFF), b = static_cast<float>((below >> shift) & 0xFF);
    return static_cast<ImU32>(t * a + b * (1 - a) + 0.5f) << shift;
  };
  return mix(IM_COL32_R_SHIFT) | mix(IM_COL32_G_SHIFT) | mix(IM_COL32_B_SHIFT) | (0xFFu << IM_COL32_A_SHIFT);
}

ImVec2 lo(ImVec2 a, ImVec2 b) { return ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)); }
ImVec2 hi(ImVec2 a, ImVec2 b) { return ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)); }

// Records the last item as a target, clipped to what the window shows: a widget scrolled out of
// sight or hidden behind the keyboard cannot be tapped, by a finger or by the script.
void record_item(FrameRecord& rec, const std::string& label, ImU32 color, ImU32 background) {
  if (!ImGui::IsItemVisible()) return;
  const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
  const ImVec2 full_min = ImGui::GetItemRectMin(), full_max = ImGui::GetItemRectMax();
  const ImVec2 min = lo(full_min, clip.Min), max = hi(full_max, clip.Max);
  if (max.x - min.x < 4 || max.y - min.y < 4) return;
  rec.add_target(Target{label, min, max, full_min, full_max, color, background});
}
}  // namespace

void FrameRecord::clear() {
  targets_.clear();
  texts_.clear();
  fills_.clear();
}

void FrameRecord::add_target(std::string label, ImVec2 min, ImVec2 max) {
  targets_.push_back(Target{std::move(label), min, max, min, max});
}

void FrameRecord::add_text(std::string text) { texts_.push_back(TextRecord{std::move(text)}); }

const Target* FrameRecord::find_target(std::string_view label) const {
  for (const auto& t : targets_)
    if (t.label == label) return &t;
  return nullptr;
}

bool FrameRecord::has_text(std::string_view fragment) const {
  for (const auto& t : texts_)
    if (t.text.find(fragment) != std::string::npos) return true;
  return false;
}

ImU32 background_at(const FrameRecord& rec, ImVec2 p) {
  // The fills under p in this window, topmost first, down to an opaque one; every window is opaque
  // (the theme's window and child colours), so the window's own colour is the bottom layer.
  std::vector<ImU32> layers;
  const ImGuiID window = ImGui::GetCurrentWindow()->ID;
  const auto& fills = rec.fills();
  for (auto it = fills.rbegin(); it != fills.rend(); ++it) {
    if (it->window != window || p.x < it->min.x || p.x > it->max.x || p.y < it->min.y || p.y > it->max.y) continue;
    layers.push_back(it->color);
    if (opaque(it->color)) break;
  }
  if (layers.empty() || !opaque(layers.back())) layers.push_back(theme::kBackground);
  ImU32 c = layers.back();
  for (auto it = layers.rbegin() + 1; it != layers.rend(); ++it) c = over(*it, c);
  return c;
}

void record_text(FrameRecord& rec, const std::string& s, ImVec2 min, ImVec2 max, ImU32 color, ImVec2 clip_min,
                 ImVec2 clip_max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 cmin = lo(dl->GetClipRectMin(), clip_min), cmax = hi(dl->GetClipRectMax(), clip_max);
  // The colour behind the part shown: a label cut by its button is judged on the button.
  const ImVec2 a = lo(min, cmin), b = hi(max, cmax);
  const ImVec2 mid = a.x < b.x && a.y < b.y ? ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2) : ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2);
  const ImU32 background = background_at(rec, mid);
  rec.add_text(TextRecord{s, min, max, cmin, cmax,
                          ImGui::GetScrollMaxY() > 0, ImGui::GetFontSize(), opaque(color) ? color : over(color, background),
                          background});
  check_glyphs(s);
}

void fill_rect(FrameRecord& rec, ImVec2 min, ImVec2 max, ImU32 color, float rounding) {
  ImGui::GetWindowDrawList()->AddRectFilled(min, max, color, rounding);
  rec.add_fill(Fill{min, max, color, ImGui::GetCurrentWindow()->ID});
}

void note_window_background(FrameRecord& rec, ImU32 color) {
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  rec.add_fill(Fill{w->Pos, ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y), color, w->ID});
}

void draw_text(FrameRecord& rec, ImVec2 pos, ImU32 color, const std::string& s) {
  ImGui::GetWindowDrawList()->AddText(pos, color, s.c_str(), s.c_str() + s.size());
  const ImVec2 size = ImGui::CalcTextSize(s.c_str(), s.c_str() + s.size());
  record_text(rec, s, pos, ImVec2(pos.x + size.x, pos.y + size.y), color);
}

void text_line(FrameRecord& rec, const std::string& s, ImU32 color) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  const ImU32 shown = ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
  if (color) ImGui::PopStyleColor();
  record_text(rec, s, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), shown);
}

bool touch_button(FrameRecord& rec, const std::string& label, ImVec2 size, ButtonKind kind, int id) {
  ImGui::PushID(id);
  int colors = 0;
  if (kind == ButtonKind::Secondary) {
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kSurface);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kSurface);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme::kSurfaceActive);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kPrimary);
    ImGui::PushStyleColor(ImGuiCol_Border, theme::kPrimary);
    colors = 5;
  } else if (kind == ButtonKind::OnHeader) {
    ImGui::PushStyleColor(ImGuiCol_Button, theme::kHeader);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kHeader);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, theme::kPrimaryActive);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnHeader);
    ImGui::PushStyleColor(ImGuiCol_Border, theme::kOnHeader);
    colors = 5;
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kOnPrimary);
    ImGui::PushStyleColor(ImGuiCol_Border, theme::kPrimary);
    colors = 2;
  }
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text), background = ImGui::GetColorU32(ImGuiCol_Button);
  bool pressed = false;
  const ImVec2 pad = ImGui::GetStyle().FramePadding, block = ImGui::CalcTextSize(label.c_str());
  if (label.find('\n') == std::string::npos) {
    pressed = ImGui::Button(label.c_str(), size);
  } else {
    // ImGui centres a multi-line label as one block, its lines flush left: each line is centred here.
    pressed = ImGui::Button(("##" + label).c_str(), ImGui::CalcItemSize(size, block.x + 2 * pad.x, block.y + 2 * pad.y));
    draw_lines_centred(label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
  ImGui::PopStyleColor(colors);
  ImGui::PopID();
  // The label as ImGui places it: centred, or from the left padding when it is too wide, cut at the frame.
  const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
  const ImVec2 at(std::max(bmin.x + pad.x, (bmin.x + bmax.x - block.x) / 2), std::max(bmin.y + pad.y, (bmin.y + bmax.y - block.y) / 2));
  rec.add_fill(Fill{bmin, bmax, background, ImGui::GetCurrentWindow()->ID});
  record_item(rec, label, color, background);
  record_text(rec, label, at, ImVec2(at.x + block.x, at.y + block.y), color, bmin, bmax);
  return pressed;
}

void text(FrameRecord& rec, const std::string& s, ImU32 color) {
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  // Wraps at the pushed wrap position, or else at the window's content edge. ImGui would re-wrap a
  // line longer than a pushed position itself, breaking Chinese only at spaces and punctuation.
  const ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = window->DC.TextWrapPos > 0.0f ? ImGui::CalcWrapWidthForPos(at, window->DC.TextWrapPos)
                                                    : window->WorkRect.Max.x - at.x;
  const std::string lines = wrap(s, width);
  const ImU32 shown = ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::TextUnformatted(lines.c_str(), lines.c_str() + lines.size());
  if (color) ImGui::PopStyleColor();
  record_text(rec, s, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), shown);
}

void text_centered(FrameRecord& rec, const std::string& s, ImU32 color) {
  const float width = ImGui::CalcTextSize(s.c_str()).x;
  ImGui::SetCursorPosX((ImGui::GetWindowWidth() - width) / 2);
  text_line(rec, s, color);
}

bool field_box(FrameRecord& rec, const std::string& label, int id, const std::string& value, bool editing, ImVec2 size) {
  ImGui::PushID(id);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool tapped = ImGui::InvisibleButton("field", size);
  ImGui::PopID();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  const ImU32 surface = editing ? theme::kSurfaceActive : theme::kSurface;
  record_item(rec, label, theme::kText, surface);
  const ImGuiStyle& style = ImGui::GetStyle();
  fill_rect(rec, min, max, surface, style.FrameRounding);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(min, max, editing ? theme::kPrimary : theme::kBorder, style.FrameRounding, 0,
              editing ? style.FrameBorderSize * 2 : style.FrameBorderSize);
  const float y = min.y + (size.y - ImGui::GetTextLineHeight()) / 2;
  const ImVec2 at(min.x + style.FramePadding.x, y);
  dl->PushClipRect(min, max, true);
  dl->AddText(at, theme::kText, value.c_str());
  if (editing) {
    // The caret: where the keyboard's next character goes.
    const float x = min.x + style.FramePadding.x + ImGui::CalcTextSize(value.c_str()).x + 2;
    dl->AddLine(ImVec2(x, y), ImVec2(x, y + ImGui::GetTextLineHeight()), theme::kText, 3);
  }
  dl->PopClipRect();
  if (!value.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(value.c_str());
    record_text(rec, value, at, ImVec2(at.x + ts.x, at.y + ts.y), theme::kText, min, max);
  }
  return tapped;
}

}  // namespace ow::ui
