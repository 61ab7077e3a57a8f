#pragma once
// Touch behaviour Dear ImGui 1.86 does not have: a finger that lifts leaves no hover behind, a
// tap that moved is a scroll and not a click, and for a moment after the screen changes taps are
// ignored, so a double tap cannot act on the next screen.
#include <imgui.h>

namespace ow::ui {

class TouchPolicy {
 public:
  explicit TouchPolicy(float scale) : drag_threshold_(12.0f * scale) {}

  // Between the backend's NewFrame and ImGui::NewFrame. `screen_age_s`: time since the screen changed.
  void before_new_frame(ImGuiIO& io, double screen_age_s);
  // Right after ImGui::NewFrame: a press that became a drag no longer activates its widget.
  void after_new_frame() const;
  // Inside a scrolling window, after its content: a drag that began in it scrolls it.
  void drag_scroll() const;
  bool input_blocked() const { return blocked_; }
  // A widget that follows the finger itself (signature pad, date wheels) holds its area for this
  // frame: a drag that began there does not scroll the window around it.
  void hold_drag(ImVec2 min, ImVec2 max) const {
    held_min_ = min;
    held_max_ = max;
  }

  static constexpr double kScreenChangeGuardS = 0.35;

 private:
  float drag_threshold_;
  bool was_down_ = false;
  bool blocked_ = false;
  mutable ImVec2 held_min_{}, held_max_{};
};

}  // namespace ow::ui
