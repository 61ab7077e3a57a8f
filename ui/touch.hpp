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
  ImVec2 min, max;            // the part shown: where a finger (or the script) can tap
  ImVec2 full_min, full_max;  // the whole widget, including any part scrolled out of its window
  ImU32 color = 0, background = 0;  // its label's colour and the colour behind it
  ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

// A text as drawn, for the layout audit (ui/audit.hpp): where, how big, in which colours.
struct TextRecord {
  std::string text;
  ImVec2 min{}, max{};            // where its glyphs go
  ImVec2 clip_min{}, clip_max{};  // what its window, button or box shows of it
  bool scrolls = false;       // its window scrolls vertically: what is above or below the clip is reached by dragging
  float font_px = 0;
  ImU32 color = 0, background = 0;
};

// A filled area text may be drawn on (a header band, a button, a panel): the audit takes a text's
// background from the topmost fill under it in its window or the windows around it.
struct Fill {
  ImVec2 min, max;
  ImU32 color = 0;
  unsigned window = 0;  // ImGuiID of the window it was drawn in
};

class FrameRecord {
 public:
  void clear();
  // A target with only its shown rectangle (tests, widgets that draw themselves).
  void add_target(std::string label, ImVec2 min, ImVec2 max);
  void add_target(Target target) { targets_.push_back(std::move(target)); }
  // A text without geometry (tests): found by the script, not audited.
  void add_text(std::string text);
  void add_text(TextRecord text) { texts_.push_back(std::move(text)); }
  void add_fill(Fill fill) { fills_.push_back(fill); }
  const Target* find_target(std::string_view label) const;
  bool has_text(std::string_view fragment) const;
  const std::vector<Target>& targets() const { return targets_; }
  const std::vector<TextRecord>& texts() const { return texts_; }
  const std::vector<Fill>& fills() const { return fills_; }
  // True while taps are ignored (just after a screen change): the script waits it out as a person would.
  void set_input_blocked(bool blocked) { input_blocked_ = blocked; }
  bool input_blocked() const { return input_blocked_; }

 private:
  bool input_blocked_ = false;
  std::vector<Target> targets_;
  std::vector<TextRecord> texts_;
  std::vector<Fill> fills_;
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

// One line at the cursor, not wrapped (a title, a clock): what does not fit is cut, and the audit says so.
void text_line(FrameRecord& rec, const std::string& s, ImU32 color = 0);
// Text at a screen position on the window's draw list (a badge, a tag on a button), clipped as the
// draw list is now.
void draw_text(FrameRecord& rec, ImVec2 pos, ImU32 color, const std::string& s);
// A filled rectangle on the window's draw list that text is drawn on; recorded as that text's background.
void fill_rect(FrameRecord& rec, ImVec2 min, ImVec2 max, ImU32 color, float rounding = 0);
// Records the current window as filled with `color` where it was filled by ImGui with a pushed colour
// (a modal's panel), which the record cannot see otherwise.
void note_window_background(FrameRecord& rec, ImU32 color);
// The colour behind `p` in the current window, from the record's fills and the style's window colour.
ImU32 background_at(const FrameRecord& rec, ImVec2 p);
// Records a text drawn in [min, max] in the current font and window, clipped to the draw list's clip
// rectangle narrowed to [clip_min, clip_max].
void record_text(FrameRecord& rec, const std::string& s, ImVec2 min, ImVec2 max, ImU32 color,
                 ImVec2 clip_min = ImVec2(-1e9f, -1e9f), ImVec2 clip_max = ImVec2(1e9f, 1e9f));

}  // namespace ow::ui
