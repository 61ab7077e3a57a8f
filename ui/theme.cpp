#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace ow::ui::theme {

namespace {
float channel(unsigned v) {
  const float c = static_cast<float>(v) / 255.0f;
  return c <= 0.03928f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}
float luminance(ImU32 c) {
  return 0.2126f * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152f * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
         0.0722f * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}
ImVec4 v4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
}  // namespace

float contrast_ratio(ImU32 a, ImU32 b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

void apply_style(float scale) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.WindowRounding = 0;
  s.WindowBorderSize = 0;
  s.FramePadding = ImVec2(20, 18);
  s.FrameRounding = 12;
  s.FrameBorderSize = 2;
  s.ItemSpacing = ImVec2(24, 20);
  s.ScrollbarSize = 28;
  s.ScrollbarRounding = 14;
  s.TouchExtraPadding = ImVec2(4, 4);
  s.ScaleAllSizes(scale);
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = v4(kText);
  c[ImGuiCol_WindowBg] = v4(kBackground);
  c[ImGuiCol_ChildBg] = v4(kBackground);
  c[ImGuiCol_PopupBg] = v4(kSurface);
  c[ImGuiCol_Border] = v4(kBorder);
  c[ImGuiCol_FrameBg] = v4(kSurface);
  c[ImGuiCol_FrameBgHovered] = v4(kSurface);
  c[ImGuiCol_FrameBgActive] = v4(kSurfaceActive);
  c[ImGuiCol_Button] = v4(kPrimary);
  c[ImGuiCol_ButtonHovered] = v4(kPrimary);  // touch screens have no hover
  c[ImGuiCol_ButtonActive] = v4(kPrimaryActive);
  c[ImGuiCol_ScrollbarBg] = v4(kBackground);
  c[ImGuiCol_ScrollbarGrab] = v4(kBorder);
  c[ImGuiCol_TextSelectedBg] = v4(kSurfaceActive);
  c[ImGuiCol_NavHighlight] = v4(kPrimary);
}

}  // namespace ow::ui::theme
