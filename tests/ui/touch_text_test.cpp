// text() wraps Chinese at the wrap position a screen pushes (a row that leaves room for a button),
// filling each line, instead of leaving ImGui to re-wrap it at spaces only.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <map>
#include <string>

#include "tests/ui/imgui_frame.hpp"
#include "ui/touch.hpp"

TEST_CASE("text under a pushed wrap position fills each line up to it, also where the line starts with a space-separated word") {
  const ow::ui::test::ImGuiFrame frame;
  ow::ui::FrameRecord rec;
  const float left = 100, wrap_x = 400;
  // "5 个工作日…": a number, a space, then a run of Chinese (the default font draws them as its
  // fallback glyph, with the same advance, which is all wrapping needs).
  std::string s = "5 ";
  for (int i = 0; i < 120; ++i) s += "\xe5\xa4\xa9";  // 天
  ImGui::SetCursorScreenPos(ImVec2(left, 100));
  ImGui::PushTextWrapPos(wrap_x - ImGui::GetWindowPos().x);
  ow::ui::text(rec, s);
  ImGui::PopTextWrapPos();
  const ImVec2 item_min = ImGui::GetItemRectMin(), item_max = ImGui::GetItemRectMax();

  // Each row's right end, from the glyph quads.
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  std::map<int, float> row_right;
  for (const ImDrawVert& v : ImGui::GetWindowDrawList()->VtxBuffer) {
    if (v.uv.x == white.x && v.uv.y == white.y) continue;
    if (v.pos.y < item_min.y || v.pos.y > item_max.y) continue;  // only the text's own glyphs
    const int row = static_cast<int>((v.pos.y - 100) / ImGui::GetTextLineHeight());
    row_right[row] = std::max(row_right.count(row) ? row_right[row] : 0.0f, v.pos.x);
  }
  const float advance = ImGui::GetFont()->GetCharAdvance(0x5929);
  REQUIRE(row_right.size() >= 3);
  int row_index = 0;
  for (const auto& [row, right] : row_right) {
    CAPTURE(row);
    CHECK(right <= wrap_x + 0.5f);
    if (++row_index < static_cast<int>(row_right.size())) CHECK(right > wrap_x - 2 * advance);  // a full line
  }
}
