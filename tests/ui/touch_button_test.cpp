// touch_button draws each line of a two-line label centred in the button, as a one-line label is.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <limits>

#include "tests/ui/imgui_frame.hpp"
#include "ui/touch.hpp"

namespace {
// The horizontal extent of the glyphs drawn between two heights: text quads are the vertices not
// textured with the white pixel (anti-aliasing off, so frames and borders all are).
struct Span {
  float min_x = std::numeric_limits<float>::max(), max_x = std::numeric_limits<float>::lowest();
  float centre() const { return (min_x + max_x) / 2; }
};
Span glyphs_between(const ImDrawList& dl, float top, float bottom) {
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  Span s;
  for (const ImDrawVert& v : dl.VtxBuffer) {
    if (v.uv.x == white.x && v.uv.y == white.y) continue;
    if (v.pos.y < top || v.pos.y > bottom) continue;
    s.min_x = std::min(s.min_x, v.pos.x);
    s.max_x = std::max(s.max_x, v.pos.x);
  }
  return s;
}
}  // namespace

TEST_CASE("each line of a two-line button label is centred, like a one-line label") {
  const ow::ui::test::ImGuiFrame frame;
  ow::ui::FrameRecord rec;
  ImGui::SetCursorScreenPos(ImVec2(100, 100));
  ow::ui::touch_button(rec, "AB\nABCDEFGHIJKL", ImVec2(400, 120));
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImDrawList& dl = *ImGui::GetWindowDrawList();
  const float mid_x = (min.x + max.x) / 2, mid_y = (min.y + max.y) / 2;
  const Span first = glyphs_between(dl, min.y, mid_y), second = glyphs_between(dl, mid_y, max.y);
  REQUIRE(first.max_x > first.min_x);
  REQUIRE(second.max_x > second.min_x);
  CHECK(second.max_x - second.min_x > 2 * (first.max_x - first.min_x));  // the lines are told apart
  CHECK(first.centre() == doctest::Approx(mid_x).epsilon(0.005));
  CHECK(second.centre() == doctest::Approx(mid_x).epsilon(0.005));
  // The script still finds it by its label.
  CHECK(rec.find_target("AB\nABCDEFGHIJKL"));
}
