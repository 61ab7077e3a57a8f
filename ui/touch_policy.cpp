#include "ui/touch_policy.hpp"

#include <imgui_internal.h>

#include <cfloat>

namespace ow::ui {

void TouchPolicy::before_new_frame(ImGuiIO& io, double screen_age_s) {
  // A press that began before the screen changed may finish; a new one must wait out the guard.
  blocked_ = screen_age_s < kScreenChangeGuardS && !was_down_;
  if (blocked_) io.MouseDown[0] = false;
  // Keep the pointer only while a finger is down and for the frame it lifts (ImGui needs that
  // frame to see the click); otherwise the last touched widget would stay highlighted.
  if (!io.MouseDown[0] && !was_down_) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  was_down_ = io.MouseDown[0];
}

void TouchPolicy::after_new_frame() const {
  held_min_ = held_max_ = ImVec2(0, 0);
  if (ImGui::IsMouseDown(ImGuiMouseButton_Left) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, drag_threshold_)) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // Text fields keep their focus; buttons and list items must not fire on release.
    if (g.ActiveId != 0 && g.ActiveId != g.InputTextState.ID) ImGui::ClearActiveID();
  }
}

void TouchPolicy::drag_scroll() const {
  const ImGuiIO& io = ImGui::GetIO();
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, drag_threshold_)) return;
  if (!window->Rect().Contains(io.MouseClickedPos[0])) return;
  if (ImRect(held_min_, held_max_).Contains(io.MouseClickedPos[0])) return;
  ImGui::SetScrollY(window, window->Scroll.y - io.MouseDelta.y);
}

}  // namespace ow::ui
