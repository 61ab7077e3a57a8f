// The font atlas: what a citizen types must render in both modes. Elderly mode draws body text,
// typed text and pinyin candidates with the large font, so it needs every GB2312 level-1 character.
#include <doctest/doctest.h>
#include <imgui.h>

#include "kiosk/config.hpp"
#include "ui/fonts.hpp"
#include "ui/gb2312.hpp"

TEST_CASE("the body and the elderly (large) sizes hold every GB2312 level-1 character; titles only the UI text") {
  ImGui::CreateContext();
  const ow::Config c = ow::default_config();
  auto fonts = ow::ui::build_fonts(c.font_file, c.font_index, "办事指南", ow::ui::FontSizes{32, 44, 60});
  REQUIRE_MESSAGE(fonts, fonts.error().message);
  int body_missing = 0, large_missing = 0;
  for (char32_t ch : ow::ui::gb2312_level1()) {
    if (!fonts->body->FindGlyphNoFallback(static_cast<ImWchar>(ch))) ++body_missing;
    if (!fonts->large->FindGlyphNoFallback(static_cast<ImWchar>(ch))) ++large_missing;
  }
  CHECK(body_missing == 0);
  CHECK(large_missing == 0);
  // 啊 is not in the shown text: the title size does not carry the typing set (the atlas budget).
  CHECK_FALSE(fonts->title->FindGlyphNoFallback(static_cast<ImWchar>(U'啊')));
  CHECK(fonts->title->FindGlyphNoFallback(static_cast<ImWchar>(U'办')));
  // The atlas grows only as tall as its glyphs need (no power-of-two rounding).
  CHECK(fonts->atlas_width == 4096);
  CHECK(fonts->atlas_height < 4096);
  ImGui::DestroyContext();
}
