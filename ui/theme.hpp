#pragma once
// Colours and sizes: high contrast (every text/background pair ≥ 4.5:1) and touch targets ≥ 60 px.
#include <imgui.h>

namespace ow::ui::theme {

// Text on background, all checked ≥ 4.5:1 (tests/ui/theme_test.cpp).
inline constexpr ImU32 kBackground = IM_COL32(0xF4, 0xF6, 0xF9, 0xFF);
inline constexpr ImU32 kText = IM_COL32(0x1B, 0x1B, 0x1F, 0xFF);
inline constexpr ImU32 kTextMuted = IM_COL32(0x44, 0x47, 0x4E, 0xFF);
inline constexpr ImU32 kHeader = IM_COL32(0x0A, 0x3D, 0x91, 0xFF);
inline constexpr ImU32 kOnHeader = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kPrimary = IM_COL32(0x0B, 0x57, 0xD0, 0xFF);
inline constexpr ImU32 kPrimaryActive = IM_COL32(0x08, 0x42, 0x9E, 0xFF);
inline constexpr ImU32 kOnPrimary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kSurface = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kSurfaceActive = IM_COL32(0xDC, 0xE6, 0xF7, 0xFF);
inline constexpr ImU32 kBorder = IM_COL32(0x5F, 0x63, 0x68, 0xFF);
inline constexpr ImU32 kError = IM_COL32(0xB3, 0x26, 0x1E, 0xFF);
inline constexpr ImU32 kSuccess = IM_COL32(0x14, 0x6C, 0x2E, 0xFF);
inline constexpr ImU32 kOfflineBadge = IM_COL32(0xFF, 0xD5, 0x4F, 0xFF);
inline constexpr ImU32 kOnOfflineBadge = IM_COL32(0x1B, 0x1B, 0x1F, 0xFF);
inline constexpr ImU32 kScrim = IM_COL32(0x00, 0x00, 0x00, 0xA0);

// WCAG 2 contrast ratio of two opaque colours.
float contrast_ratio(ImU32 a, ImU32 b);

// Sizes at a 1080-pixel short side; multiply by Metrics::scale.
struct Metrics {
  float scale = 1.0f;
  float header_h = 120, footer_h = 130, margin = 48;
  float button_h = 96, min_target = 60;
  float field_h = 76;
};

void apply_style(float scale);

}  // namespace ow::ui::theme
