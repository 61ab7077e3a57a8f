#include "ui/widgets/handwriting_pad.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "kiosk/strings.hpp"

namespace ow::ui {

namespace {
constexpr std::size_t kShownCandidates = 8;

// Candidates are any GB2312 character: only the fonts built with all of them can show them (in
// elderly mode the large font has UI text only, so its body font is the one).
ImFont* candidate_font(const UiContext& ctx) { return ctx.core.elderly() ? ctx.fonts.body : ctx.fonts.large; }

// The pad: the finger's movement while it is down inside becomes a stroke; lifting it ends the stroke.
void write_pad(UiContext& ctx, HandwritingIme& hand, ImVec2 at, float side) {
  const float s = ctx.m.scale;
  const ImVec2 max(at.x + side, at.y + side);
  ImGuiIO& io = ImGui::GetIO();
  // Raw pointer state, as on the signature pad: the touch policy turns drags on widgets into scrolls.
  const bool began_here = ImRect(at, max).Contains(io.MouseClickedPos[0]) && !ctx.rec.input_blocked();
  if (began_here && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    ctx.touch.hold_drag(at, max);
    hand.add_point({(io.MousePos.x - at.x) / side, (io.MousePos.y - at.y) / side});
  } else {
    hand.end_stroke();  // recognises once per stroke, when the finger lifts
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, max, theme::kSurface, 12 * s);
  dl->AddRect(at, max, theme::kBorder, 12 * s, 0, 3 * s);
  // 田字格: the guide lines of a school exercise book, to write the character in the middle.
  const ImU32 guide = IM_COL32(0xC8, 0xCD, 0xD4, 0xFF);
  dl->AddLine(ImVec2(at.x + side / 2, at.y + 8 * s), ImVec2(at.x + side / 2, max.y - 8 * s), guide, 2 * s);
  dl->AddLine(ImVec2(at.x + 8 * s, at.y + side / 2), ImVec2(max.x - 8 * s, at.y + side / 2), guide, 2 * s);
  if (!hand.writing()) {
    const char* hint = tr(Str::HandwritingHint);
    const float wrap = side - 48 * s;
    const ImVec2 ts = ImGui::CalcTextSize(hint, nullptr, false, wrap);
    const ImVec2 tp(at.x + (side - ts.x) / 2, at.y + side * 0.25f - ts.y / 2);
    dl->AddRectFilled(ImVec2(tp.x - 8 * s, tp.y - 4 * s), ImVec2(tp.x + ts.x + 8 * s, tp.y + ts.y + 4 * s), theme::kSurface);  // over the guide
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), tp, theme::kTextMuted, hint, nullptr, wrap);
    ctx.rec.add_text(hint);
  }
  const float ink = std::max(8 * s, side * 0.028f);
  dl->PushClipRect(at, max, true);
  // Screen copies of the strokes, zeroed when freed like the strokes themselves.
  std::vector<ImVec2, ZeroingAllocator<ImVec2>> pts;
  for (const InkStroke& stroke : hand.strokes()) {
    pts.clear();
    for (const InkPoint& p : stroke) pts.emplace_back(at.x + p.x * side, at.y + p.y * side);
    if (pts.empty()) continue;
    if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), theme::kText, 0, ink);
    // Round ends, as a brush leaves them.
    dl->AddCircleFilled(pts.front(), ink / 2, theme::kText);
    dl->AddCircleFilled(pts.back(), ink / 2, theme::kText);
  }
  dl->PopClipRect();
  ctx.rec.add_target(tr(Str::HandwritingPad), at, max);
}

// The candidates as large buttons, in rows filling `size` at `at`; the one tapped is typed.
void pick_candidates(UiContext& ctx, HandwritingIme& hand, ImVec2 at, ImVec2 size, KeyboardAction& a) {
  const float s = ctx.m.scale, gap = 12 * s;
  if (hand.candidates().empty()) {
    const char* hint = tr(Str::HandwritingPick);
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x, at.y + gap), theme::kTextMuted, hint,
                                        nullptr, size.x);
    ctx.rec.add_text(hint);
    return;
  }
  ImFont* font = candidate_font(ctx);
  // Elderly mode: characters at 72 px (at least the 60 pt asked for), in buttons wider than a fingertip.
  const float px = (ctx.core.elderly() ? 72.0f : 52.0f) * s;
  const float h = std::min(px * 1.6f, size.y), w = h * 1.15f;
  ImGui::PushFont(font);
  ImGui::SetWindowFontScale(px / font->FontSize);
  const int cols = std::max(1, static_cast<int>((size.x + gap) / (w + gap)));
  const int rows = std::max(1, static_cast<int>((size.y + gap) / (h + gap)));
  std::size_t shown = 0;
  const auto& cands = hand.candidates();
  for (std::size_t i = 0; i < cands.size() && shown < kShownCandidates; ++i) {
    if (!renderable(font, cands[i])) continue;
    const int col = static_cast<int>(shown) % cols, row = static_cast<int>(shown) / cols;
    if (row >= rows) break;
    ImGui::SetCursorScreenPos(ImVec2(at.x + static_cast<float>(col) * (w + gap), at.y + static_cast<float>(row) * (h + gap)));
    if (touch_button(ctx.rec, cands[i], ImVec2(w, h), shown == 0 ? ButtonKind::Primary : ButtonKind::Secondary,
                     2000 + static_cast<int>(i))) {
      if (auto t = hand.choose(i)) a.insert += *t;
      break;  // the candidates are gone with the strokes
    }
    ++shown;
  }
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
}
}  // namespace

bool text_input_switch(UiContext& ctx, TextInput& input, ImVec2 at, ImVec2 size) {
  const float gap = 10 * ctx.m.scale;
  const ImVec2 half((size.x - gap) / 2, size.y);
  const TextInput before = input;
  ImGui::SetCursorScreenPos(at);
  if (touch_button(ctx.rec, tr(Str::KeyPinyin), half, input == TextInput::Pinyin ? ButtonKind::Primary : ButtonKind::Secondary, 2100))
    input = TextInput::Pinyin;
  ImGui::SetCursorScreenPos(ImVec2(at.x + half.x + gap, at.y));
  if (touch_button(ctx.rec, tr(Str::KeyHandwriting), half,
                   input == TextInput::Handwriting ? ButtonKind::Primary : ButtonKind::Secondary, 2101))
    input = TextInput::Handwriting;
  return input != before;
}

KeyboardAction handwriting_keys(UiContext& ctx, HandwritingIme& hand, ImVec2 size, TextInput& input) {
  KeyboardAction a;
  const float s = ctx.m.scale, gap = 12 * s;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float side = std::min(size.y, size.x * 0.5f);
  write_pad(ctx, hand, at, side);

  // Beside the pad: the candidates, and under them two rows of keys.
  const float x = at.x + side + 2 * gap, w = at.x + size.x - x;
  const float key_h = std::min(ctx.m.button_h * s, (size.y - 3 * gap) / 4);
  const float keys_y = at.y + size.y - 2 * key_h - gap;
  pick_candidates(ctx, hand, ImVec2(x, at.y), ImVec2(w, keys_y - gap - at.y), a);
  const ImVec2 key((w - gap) / 2, key_h);
  ImGui::SetCursorScreenPos(ImVec2(x, keys_y));
  if (touch_button(ctx.rec, tr(Str::KeyRewrite), key, ButtonKind::Secondary, 2102)) hand.clear();
  ImGui::SetCursorScreenPos(ImVec2(x + key.x + gap, keys_y));
  if (touch_button(ctx.rec, tr(Str::KeyDelete), key, ButtonKind::Secondary, 2103)) {
    if (hand.writing()) hand.undo_stroke();
    else a.backspace = true;
  }
  if (text_input_switch(ctx, input, ImVec2(x, keys_y + key_h + gap), key)) hand.clear();
  ImGui::SetCursorScreenPos(ImVec2(x + key.x + gap, keys_y + key_h + gap));
  if (touch_button(ctx.rec, tr(Str::KeyDone), key, ButtonKind::Primary, 2104)) {
    hand.clear();  // a character left unpicked is not typed: what was written goes with the keyboard
    a.done = true;
  }
  return a;
}

}  // namespace ow::ui
