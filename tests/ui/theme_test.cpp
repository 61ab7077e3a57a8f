#include <doctest/doctest.h>

#include <utility>

#include "ui/theme.hpp"

using namespace ow::ui::theme;

TEST_CASE("contrast ratio matches WCAG reference values") {
  CHECK(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0).epsilon(0.01));
  CHECK(contrast_ratio(IM_COL32(0x77, 0x77, 0x77, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(4.48).epsilon(0.01));
}

TEST_CASE("every text colour the screens use is at least 4.5:1 on its background") {
  const std::pair<ImU32, ImU32> pairs[] = {
      {kText, kBackground},        {kTextMuted, kBackground}, {kOnHeader, kHeader},     {kOnPrimary, kPrimary},
      {kOnPrimary, kPrimaryActive}, {kPrimary, kSurface},      {kPrimary, kSurfaceActive}, {kError, kBackground},
      {kError, kSurface},          {kSuccess, kBackground},   {kOnPrimary, kSuccess},   {kOnOfflineBadge, kOfflineBadge},
      {kText, kSurface},
  };
  for (const auto& [fg, bg] : pairs) {
    CAPTURE(fg);
    CAPTURE(bg);
    CHECK(contrast_ratio(fg, bg) >= 4.5f);
  }
}
