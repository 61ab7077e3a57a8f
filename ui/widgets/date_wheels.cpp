#include "ui/widgets/date_wheels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <imgui_internal.h>

#include "kiosk/strings.hpp"

namespace ow::ui {

namespace {
constexpr int kVisible = 5;  // rows shown per wheel; the middle one is the choice

struct Ymd {
  int y = 1970, m = 1, d = 1;
};

int days_in(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

int this_year() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

Ymd parse(const std::string& v) {
  Ymd out;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(v.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
      d <= days_in(y, m))
    out = Ymd{y, m, d};
  return out;
}

std::string format(const Ymd& v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.y, v.m, v.d);
  return buf;
}

// One wheel: items first..last, `current` in the middle. Returns the item picked by a drag or a tap.
std::optional<int> wheel(UiContext& ctx, const char* id, int first, int last, int current, const char* unit,
                         ImVec2 at, ImVec2 size) {
  ImGuiIO& io = ImGui::GetIO();
  ImGuiStorage* store = ImGui::GetStateStorage();
  const ImGuiID key = ImGui::GetID(id);
  float offset = store->GetFloat(key, 0.0f);  // pixels the finger has moved the wheel since it went down
  const float row_h = size.y / kVisible;
  const ImVec2 max(at.x + size.x, at.y + size.y);
  const bool pressed_here = ImRect(at, max).Contains(io.MouseClickedPos[0]) && !ctx.rec.input_blocked();
  std::optional<int> picked;
  if (pressed_here && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    ctx.touch.hold_drag(at, max);
    offset = io.MousePos.y - io.MouseClickedPos[0].y;
  } else if (pressed_here && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    int steps = 0;
    if (std::fabs(offset) < row_h * 0.3f) {
      // A tap: the row under the finger comes to the middle.
      steps = static_cast<int>(std::floor((io.MouseClickedPos[0].y - at.y) / row_h)) - kVisible / 2;
    } else {
      steps = -static_cast<int>(std::lround(offset / row_h));  // snaps to the nearest row
    }
    if (steps != 0) picked = std::clamp(current + steps, first, last);
    offset = 0;
  } else {
    offset = 0;
  }
  store->SetFloat(key, offset);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  fill_rect(ctx.rec, at, max, theme::kSurface, 12 * ctx.m.scale);
  const float mid_y = at.y + row_h * (kVisible / 2);
  fill_rect(ctx.rec, ImVec2(at.x, mid_y), ImVec2(max.x, mid_y + row_h), theme::kSurfaceActive);
  dl->AddRect(at, max, theme::kBorder, 12 * ctx.m.scale, 0, 2 * ctx.m.scale);
  dl->PushClipRect(at, max, true);
  const int shift = static_cast<int>(std::lround(offset / row_h));
  const float frac = offset - static_cast<float>(shift) * row_h;
  for (int row = -1; row <= kVisible; ++row) {
    const int item = current - shift + row - kVisible / 2;
    if (item < first || item > last) continue;
    const std::string label = std::to_string(item) + unit;
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const float y = at.y + static_cast<float>(row) * row_h + frac;
    const bool middle = row == kVisible / 2 && shift == 0;
    const ImVec2 pos(at.x + (size.x - ts.x) / 2, y + (row_h - ts.y) / 2);
    const ImU32 color = middle ? theme::kText : theme::kTextMuted;
    dl->AddText(pos, color, label.c_str());
    // The rows shown whole; the ones beyond the box only peek in while the wheel turns.
    if (row < 0 || row >= kVisible) continue;
    const ImVec2 row_min(at.x, y), row_max(max.x, y + row_h);
    ctx.rec.add_target(Target{label, row_min, row_max, row_min, row_max, color, background_at(ctx.rec, pos)});
    record_text(ctx.rec, label, pos, ImVec2(pos.x + ts.x, pos.y + ts.y), color, at, max);
  }
  dl->PopClipRect();
  return picked;
}
}  // namespace

DateWheelsResult date_wheels(UiContext& ctx, const std::string& value, ImVec2 size) {
  const float s = ctx.m.scale, gap = 16 * s;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float done_w = std::max(200 * s, ImGui::CalcTextSize(tr(Str::KeyDone)).x + 60 * s);
  const float wheels_w = size.x - done_w - gap;
  const float year_w = wheels_w * 0.4f - gap, other_w = wheels_w * 0.3f - gap;
  Ymd v = parse(value);
  DateWheelsResult r;
  ImGui::PushID("date_wheels");
  ImGui::PushFont(ctx.fonts.large);  // big numbers: the wheels are read from arm's length
  // Birth dates and near-future dates; a value already outside stays reachable.
  const int top_year = std::max(this_year() + 10, v.y), first_year = std::min(1900, v.y);
  bool moved = false;
  if (auto y = wheel(ctx, "year", first_year, top_year, v.y, tr(Str::DateYear), at, ImVec2(year_w, size.y))) {
    v.y = *y;
    moved = true;
  }
  if (auto m = wheel(ctx, "month", 1, 12, v.m, tr(Str::DateMonth), ImVec2(at.x + year_w + gap, at.y), ImVec2(other_w, size.y))) {
    v.m = *m;
    moved = true;
  }
  v.d = std::min(v.d, days_in(v.y, v.m));  // 31 March → February: the last day of February
  if (auto d = wheel(ctx, "day", 1, days_in(v.y, v.m), v.d, tr(Str::DateDay),
                     ImVec2(at.x + year_w + other_w + 2 * gap, at.y), ImVec2(other_w, size.y))) {
    v.d = *d;
    moved = true;
  }
  ImGui::SetCursorScreenPos(ImVec2(at.x + wheels_w + gap, at.y));
  if (touch_button(ctx.rec, tr(Str::KeyDone), ImVec2(done_w, size.y), ButtonKind::Primary, 998)) {
    r.done = true;
    moved = true;  // the date shown is the one chosen, even untouched
  }
  ImGui::PopFont();
  ImGui::PopID();
  if (moved) r.value = format(v);
  ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + size.y));
  return r;
}

}  // namespace ow::ui
