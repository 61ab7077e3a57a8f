#pragma once
// Touch widgets. Everything a citizen sees or touches is drawn through these, which record it in
// the frame's record: the scripted driver taps widgets by label and checks texts from there.
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace ow::ui {

struct Target {
  std::string label;
  ImVec2 min, max;
  ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

class FrameRecord {
 public:
  void clear();
  void add_target(std::string label, ImVec2 min, ImVec2 max);
  void add_text(std::string text);
  const Target* find_target(std::string_view label) const;
  bool has_text(std::string_view fragment) const;
  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<std::string>& texts() const { return texts_; }
  // True while taps are ignored (just after a screen change): the script waits it out as a person would.
  void set_input_blocked(bool blocked) { input_blocked_ = blocked; }
  bool input_blocked() const { return input_blocked_; }

 private:
  bool input_blocked_ = false;
  std::vector<Target> targets_;
  std::vector<std::string> texts_;
};

enum class ButtonKind { Primary, Secondary, OnHeader };

// A big touch button. `id` disambiguates equal labels on one screen.
bool touch_button(FrameRecord& rec, const std::string& label, ImVec2 size, ButtonKind kind = ButtonKind::Primary,
                  int id = 0);

// Text in the current font; wraps at the window's content edge.
void text(FrameRecord& rec, const std::string& s, ImU32 color = 0);
// Text centred horizontally in the current window, at the current cursor height.
void text_centered(FrameRecord& rec, const std::string& s, ImU32 color = 0);

// A field shown as a box the citizen taps to edit (the on-screen keyboard does the typing);
// recorded as a target under `label`. True when tapped.
bool field_box(FrameRecord& rec, const std::string& label, int id, const std::string& value, bool editing, ImVec2 size);

}  // namespace ow::ui
