#pragma once
// The scripted UI driver: a list of steps that taps widgets by their visible label, types text,
// waits for screens, checks texts and takes screenshots. Used by tests and the headless demo.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.hpp"
#include "ui/touch.hpp"

namespace ow::ui {

enum class StepKind {
  Tap, Swipe, Type, WaitScreen, Screenshot, ExpectText, SleepMs, AdvanceClock, Sim, WaitTextS, LongPressCorner, Sign, ExpectAbsent, Write, Audit,
  BudgetStart,  // `budget_start "name"`: count the citizen's taps from here
  BudgetEnd     // `budget_end N`: fail when more than N taps (keys typed count one each) since budget_start
};

// A finger's stroke for `write`: points in percent of the widget's width and height.
using ScriptStroke = std::vector<ImVec2>;

struct Step {
  StepKind kind;
  std::string arg;     // label, text, screen or file name
  int number = 0;      // milliseconds or seconds
  int line = 0;        // in the script file, for error messages
  std::string source;  // the line as written
  std::vector<ScriptStroke> strokes;  // write: what the finger draws
};

// `write "手写区" "10,50 90,50 / 50,10 50,90"`: strokes separated by '/', each a list of x,y points
// in percent (0..100) of the labelled widget. The finger goes down at a stroke's first point, moves
// through the others and lifts at its last.
Result<std::vector<ScriptStroke>> parse_strokes(const std::string& spec);

// Parses the text format: one step per line, `#` starts a comment, arguments with spaces in "quotes".
Result<std::vector<Step>> parse_script(const std::string& text);
Result<std::vector<Step>> load_script(const std::filesystem::path& path);

// What the runner asks of the window for the next frame.
struct ScriptInput {
  std::optional<ImVec2> mouse_pos;
  bool mouse_down = false;
  std::string typed;  // UTF-8 text to feed to the focused field
};

class ScriptRunner {
 public:
  ScriptRunner(std::vector<Step> steps, std::filesystem::path screenshot_dir);

  // Before ImGui::NewFrame: the synthetic input for this frame.
  ScriptInput input_for_frame();
  // After the frame was drawn: advance through the steps. `screen` is the current screen's name;
  // `capture` saves the frame just rendered as PNG and says whether that worked.
  using Capture = std::function<bool(const std::filesystem::path&)>;
  void after_frame(const FrameRecord& rec, std::string_view screen, const Capture& capture);
  // The `audit NAME` step hands the settled frame to this (ui/audit.hpp), which writes its report.
  using Auditor = std::function<Result<void>(const FrameRecord& rec, std::string_view screen, const std::string& name)>;
  void set_auditor(Auditor auditor) { auditor_ = std::move(auditor); }

  bool finished() const { return next_ >= steps_.size() || failed_; }
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }
  // Seconds the script moved the kiosk's clock forward (to test timeouts without waiting).
  std::chrono::seconds clock_offset() const { return clock_offset_; }
  std::vector<std::filesystem::path> screenshots() const { return screenshots_; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { Idle, Hover, Press, Drag, Hold, Release, Settle, Path };
  struct PathFrame {
    ImVec2 pos;
    bool down;
  };
  void fail(std::string_view screen, const std::string& why);

  std::vector<Step> steps_;
  std::filesystem::path dir_;
  std::size_t next_ = 0;
  Clock::time_point step_started_ = Clock::now();
  bool step_fresh_ = true;
  Phase phase_ = Phase::Idle;
  ImVec2 tap_at_{};
  float drag_step_ = 0;  // pixels the finger moves per frame while swiping (up; negative: down)
  float drag_dx_ = 0;    // and to the right, while signing
  bool zigzag_ = false;  // signing: the vertical movement turns every few frames
  int drag_frames_ = 0;
  Clock::time_point hold_until_{};
  std::vector<PathFrame> path_;  // write: the finger's position and press, one frame each
  std::size_t path_next_ = 0;  // long_press_corner: the finger stays down until then
  std::string pending_text_;
  int settle_frames_ = 0;
  bool failed_ = false;
  std::string failure_;
  std::chrono::seconds clock_offset_{0};
  // The tap budget being counted: taps and keys typed, and signatures (drawn, counted apart).
  std::string budget_name_;
  int taps_ = 0, signatures_ = 0;
  std::chrono::seconds text_timeout_{3};
  std::vector<std::filesystem::path> screenshots_;
  Auditor auditor_;
  int audit_wait_ = 0;  // frames the audit step has waited
};

}  // namespace ow::ui
