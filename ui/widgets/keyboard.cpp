#include "ui/widgets/keyboard.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <imgui_internal.h>

#include "kiosk/strings.hpp"
#include "ui/widgets/handwriting_pad.hpp"

namespace ow::ui {

namespace {
constexpr std::size_t kMaxValue = 200;  // bytes; the longest address fits easily

struct Grid {
  UiContext& ctx;
  ImVec2 origin;
  float key_w, key_h, gap;
  bool key(const std::string& label, int row, float col, float span = 1.0f, ButtonKind kind = ButtonKind::Secondary) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x + col * (key_w + gap), origin.y + static_cast<float>(row) * (key_h + gap)));
    const int id = row * 100 + static_cast<int>(col * 2);
    return touch_button(ctx.rec, label, ImVec2(key_w * span + gap * (span - 1), key_h), kind, id);
  }
};

}  // namespace

bool renderable(const ImFont* font, const std::string& s) {
  const char* p = s.c_str();
  const char* end = p + s.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0 || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) return false;
    p += n;
  }
  return true;
}

namespace {

void commit_first(PinyinIme* ime, KeyboardAction& a) {
  if (!ime || !ime->composing()) return;
  while (ime->composing() && !ime->candidates().empty()) {
    if (auto text = ime->choose(0)) a.insert += *text;
  }
  ime->reset();
}

// `input`: where the 拼音/手写 switch goes (null: no handwriting to switch to).
KeyboardAction pinyin_keys(UiContext& ctx, PinyinIme* ime, ImVec2 size, TextInput* input) {
  KeyboardAction a;
  const float gap = 10 * ctx.m.scale;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  // Row 0 holds the spelling and its candidates; without pinyin it is not there and the keys grow.
  const float rows = ime ? 6.0f : 5.0f;
  const float row_h = (size.y - (rows - 1) * gap) / rows;
  if (ime && ime->composing()) {
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + (row_h - ImGui::GetTextLineHeight()) / 2));
    text(ctx.rec, ime->spelling(), theme::kPrimary);
    float x = at.x + ImGui::CalcTextSize(ime->spelling().c_str()).x + 2 * gap;
    const auto& cands = ime->candidates();
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (!renderable(ImGui::GetFont(), cands[i])) continue;
      // A one-character candidate is still a full touch target.
      const float w = std::max(ctx.m.min_target * ctx.m.scale, ImGui::CalcTextSize(cands[i].c_str()).x + 48 * ctx.m.scale);
      if (x + w > at.x + size.x) break;
      ImGui::SetCursorScreenPos(ImVec2(x, at.y));
      if (touch_button(ctx.rec, cands[i], ImVec2(w, row_h), i == 0 ? ButtonKind::Primary : ButtonKind::Secondary,
                       1000 + static_cast<int>(i))) {
        if (auto t = ime->choose(i)) a.insert += *t;
      }
      x += w + gap;
    }
  }
  Grid g{ctx, ImVec2(at.x, at.y + (ime ? row_h + gap : 0.0f)), (size.x - 9 * gap) / 10, row_h, gap};
  static constexpr std::array<const char*, 4> kRows = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  for (int r = 0; r < 4; ++r) {
    const std::string keys = kRows[static_cast<std::size_t>(r)];
    const float indent = r == 2 ? 0.5f : (r == 3 ? 1.5f : 0.0f);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (!g.key(std::string(1, keys[i]), r, indent + static_cast<float>(i))) continue;
      const char c = keys[i];
      if (c >= 'a' && c <= 'z' && ime) {
        ime->add_letter(c);
      } else {
        commit_first(ime, a);
        a.insert += c;
      }
    }
  }
  if (g.key(tr(Str::KeyDelete), 3, 8.5f, 1.5f)) {
    if (ime && ime->composing()) ime->backspace();
    else a.backspace = true;
  }
  // The switch takes the space bar's left part; without it the bar starts where it always did.
  const float space_at = input ? 3.0f : 1.5f;
  if (input && text_input_switch(ctx, *input, ImVec2(g.origin.x, g.origin.y + 4 * (row_h + gap)), ImVec2(3 * g.key_w + 2 * gap, row_h)) &&
      ime)
    ime->reset();
  if (g.key(tr(Str::KeySpace), 4, space_at, 6.5f - space_at)) {
    if (ime && ime->composing()) commit_first(ime, a);
    else a.insert += ' ';
  }
  if (g.key(tr(Str::KeyDone), 4, 7.0f, 3.0f, ButtonKind::Primary)) {
    commit_first(ime, a);
    a.done = true;
  }
  return a;
}

// GB 32100 uses the digits and the capital letters except I, O, S, V and Z.
constexpr std::string_view kCreditLetters = "ABCDEFGHJKLMNPQRTUWXY";

KeyboardAction credit_code_keys(UiContext& ctx, ImVec2 size) {
  KeyboardAction a;
  const float gap = 10 * ctx.m.scale;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float row_h = (size.y - 3 * gap) / 4;
  Grid g{ctx, at, (size.x - 9 * gap) / 10, row_h, gap};
  static constexpr std::array<const char*, 4> kRows = {"1234567890", "QWERTYUP", "ADFGHJKL", "XCBNM"};
  for (int r = 0; r < 4; ++r) {
    const std::string keys = kRows[static_cast<std::size_t>(r)];
    const float indent = r == 0 ? 0.0f : (r == 3 ? 1.0f : 0.5f);
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (g.key(std::string(1, keys[i]), r, indent + static_cast<float>(i))) a.insert += keys[i];
  }
  if (g.key(tr(Str::KeyDelete), 3, 6.0f, 1.5f)) a.backspace = true;
  if (g.key(tr(Str::KeyDone), 3, 7.5f, 2.5f, ButtonKind::Primary)) a.done = true;
  return a;
}

KeyboardAction digit_keys(UiContext& ctx, KeyboardKind kind, ImVec2 size) {
  KeyboardAction a;
  const float gap = 12 * ctx.m.scale;
  const float w = std::min(size.x, 900 * ctx.m.scale);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  Grid g{ctx, ImVec2(at.x + (size.x - w) / 2, at.y), (w - 3 * gap) / 4, (size.y - 3 * gap) / 4, gap};
  static constexpr std::array<const char*, 9> kDigits = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
  for (int i = 0; i < 9; ++i)
    if (g.key(kDigits[static_cast<std::size_t>(i)], i / 3, static_cast<float>(i % 3))) a.insert = kDigits[static_cast<std::size_t>(i)];
  if (kind == KeyboardKind::IdNumber && g.key("X", 3, 0)) a.insert = "X";
  if (g.key("0", 3, 1)) a.insert = "0";
  if (g.key(tr(Str::KeyDelete), 3, 2)) a.backspace = true;
  ImGui::SetCursorScreenPos(ImVec2(g.origin.x + 3 * (g.key_w + gap), g.origin.y));
  if (touch_button(ctx.rec, tr(Str::KeyDone), ImVec2(g.key_w, 4 * g.key_h + 3 * gap), ButtonKind::Primary, 999)) a.done = true;
  return a;
}
}  // namespace

KeyboardAction draw_keyboard(UiContext& ctx, KeyboardKind kind, PinyinIme* ime, ImVec2 size, TextInput* input) {
  if (kind == KeyboardKind::CreditCode) return credit_code_keys(ctx, size);
  if (kind != KeyboardKind::Pinyin) return digit_keys(ctx, kind, size);
  TextInput* switchable = ctx.hand ? input : nullptr;
  if (switchable && *switchable == TextInput::Handwriting) return handwriting_keys(ctx, *ctx.hand, size, *switchable);
  return pinyin_keys(ctx, ime, size, switchable);
}

std::string apply_keyboard(const std::string& value, const KeyboardAction& action, KeyboardKind kind) {
  std::string v = value;
  if (action.backspace && !v.empty()) {
    std::size_t cut = v.size() - 1;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;  // a whole UTF-8 character
    v.erase(cut);
    if (kind == KeyboardKind::Date && !v.empty() && v.back() == '-') v.pop_back();
  }
  if (kind == KeyboardKind::Pinyin || kind == KeyboardKind::Digits) {
    if (v.size() + action.insert.size() <= kMaxValue) v += action.insert;  // whole characters only
    return v;
  }
  for (char c : action.insert) {
    if (kind == KeyboardKind::Date) {
      if (c < '0' || c > '9') continue;
      if (v.size() >= 10) v.clear();  // a whole date typed over a whole date replaces it
      v += c;
      if (v.size() == 4 || v.size() == 7) v += '-';
    } else if (kind == KeyboardKind::IdNumber) {
      if (v.size() < 18) v += c;
    } else if (kind == KeyboardKind::Phone) {
      if (v.size() < 11 && c >= '0' && c <= '9') v += c;
    } else if (kind == KeyboardKind::CreditCode) {
      const char up = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      const bool ok = (up >= '0' && up <= '9') || kCreditLetters.find(up) != std::string_view::npos;
      if (ok && v.size() < 18) v += up;
    } else {
      v += c;
    }
  }
  return v;
}

}  // namespace ow::ui
