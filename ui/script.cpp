#include "ui/script.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kiosk/log.hpp"

namespace ow::ui {

namespace {
constexpr auto kFindTimeout = std::chrono::seconds(5);
constexpr auto kScreenTimeout = std::chrono::seconds(10);

// Splits `tap "开始办事"` into {"tap", "开始办事"}; quotes may hold spaces, \" and \\ escape.
// Sends one control line to a device simulator's Unix socket (`devsim … --control PATH`).
Result<void> send_to_simulator(const std::string& arg) {
  const auto space = arg.find(' ');
  if (space == std::string::npos) return fail("expected \"<control socket> <command>\"");
  const std::string path = arg.substr(0, space), command = arg.substr(space + 1) + "\n";
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return fail("socket path too long");
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::write(fd, command.data(), command.size()) == static_cast<ssize_t>(command.size());
  const std::string why = ok ? std::string() : std::strerror(errno);
  ::close(fd);
  if (!ok) return fail("simulator at " + path + ": " + why);
  return {};
}

Result<std::vector<std::string>> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    std::string word;
    if (line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          word += line[i++];
        }
      }
      if (!closed) return fail("unterminated quote");
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') word += line[i++];
    }
    words.push_back(word);
  }
  return words;
}
}  // namespace

Result<std::vector<Step>> parse_script(const std::string& text) {
  static const std::pair<const char*, StepKind> kKinds[] = {
      {"tap", StepKind::Tap},           {"swipe", StepKind::Swipe},         {"type", StepKind::Type},           {"wait_screen", StepKind::WaitScreen},
      {"screenshot", StepKind::Screenshot}, {"expect_text", StepKind::ExpectText}, {"sleep_ms", StepKind::SleepMs},
      {"advance_clock_s", StepKind::AdvanceClock}, {"sim", StepKind::Sim},
      {"wait_text_s", StepKind::WaitTextS}, {"long_press_corner", StepKind::LongPressCorner}, {"sign", StepKind::Sign},
      {"expect_absent", StepKind::ExpectAbsent}, {"write", StepKind::Write}, {"budget_start", StepKind::BudgetStart},
      {"budget_end", StepKind::BudgetEnd}, {"audit", StepKind::Audit}};
  std::vector<Step> steps;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto words = split_words(line);
    const std::string where = "script line " + std::to_string(number) + ": ";
    if (!words) return fail(where + words.error().message);
    if (words->empty()) continue;
    const bool write = (*words)[0] == "write";
    if (write && words->size() != 3) return fail(where + "expected write \"<label>\" \"<strokes>\", got \"" + line + "\"");
    if (!write && words->size() != 2) return fail(where + "expected a command and one argument, got \"" + line + "\"");
    Step step{StepKind::Tap, (*words)[1], 0, number, line, {}};
    if (write) {
      auto strokes = parse_strokes((*words)[2]);
      if (!strokes) return fail(where + strokes.error().message);
      step.strokes = std::move(*strokes);
    }
    bool known = false;
    for (const auto& [name, kind] : kKinds) {
      if ((*words)[0] == name) {
        step.kind = kind;
        known = true;
      }
    }
    if (!known) return fail(where + "unknown command \"" + (*words)[0] + "\"");
    if (step.kind == StepKind::SleepMs || step.kind == StepKind::AdvanceClock || step.kind == StepKind::Swipe ||
        step.kind == StepKind::WaitTextS || step.kind == StepKind::LongPressCorner || step.kind == StepKind::BudgetEnd) {
      try {
        step.number = std::stoi(step.arg);
      } catch (const std::exception&) {
        return fail(where + "\"" + step.arg + "\" is not a number");
      }
      if (step.number < 0 && step.kind != StepKind::Swipe) return fail(where + "the number must not be negative");
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

Result<std::vector<ScriptStroke>> parse_strokes(const std::string& spec) {
  std::vector<ScriptStroke> strokes;
  std::istringstream in(spec);
  std::string part;
  while (std::getline(in, part, '/')) {
    ScriptStroke stroke;
    std::istringstream points(part);
    std::string point;
    while (points >> point) {
      float x = 0, y = 0;
      char comma = 0, extra = 0;
      std::istringstream xy(point);
      if (!(xy >> x >> comma >> y) || comma != ',' || (xy >> extra)) return fail("\"" + point + "\" is not a point x,y");
      if (x < 0 || x > 100 || y < 0 || y > 100) return fail("the point " + point + " is outside 0..100");
      stroke.emplace_back(x, y);
    }
    if (stroke.empty()) return fail("a stroke without points in \"" + spec + "\"");
    strokes.push_back(std::move(stroke));
  }
  if (strokes.empty()) return fail("no strokes in \"" + spec + "\"");
  return strokes;
}

Result<std::vector<Step>> load_script(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot read script " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_script(buf.str());
}

ScriptRunner::ScriptRunner(std::vector<Step> steps, std::filesystem::path screenshot_dir)
    : steps_(std::move(steps)), dir_(std::move(screenshot_dir)) {}

ScriptInput ScriptRunner::input_for_frame() {
  ScriptInput in;
  switch (phase_) {
    case Phase::Hover: in.mouse_pos = tap_at_; break;
    case Phase::Press: in.mouse_pos = tap_at_; in.mouse_down = true; break;
    case Phase::Drag:
      if (zigzag_ && drag_frames_ % 4 == 0) drag_step_ = -drag_step_;
      tap_at_.y -= drag_step_;
      tap_at_.x += drag_dx_;
      in.mouse_pos = tap_at_;
      in.mouse_down = true;
      break;
    case Phase::Hold: in.mouse_pos = tap_at_; in.mouse_down = true; break;
    case Phase::Release: in.mouse_pos = tap_at_; break;
    case Phase::Path:
      in.mouse_pos = path_[path_next_].pos;
      in.mouse_down = path_[path_next_].down;
      break;
    case Phase::Idle:
    case Phase::Settle: break;
  }
  in.typed = std::move(pending_text_);
  pending_text_.clear();
  return in;
}

void ScriptRunner::fail(std::string_view screen, const std::string& why) {
  const Step& s = steps_[next_];
  failed_ = true;
  failure_ = "script step " + std::to_string(next_ + 1) + " (line " + std::to_string(s.line) + ": " + s.source +
             ") failed on screen " + std::string(screen) + ": " + why;
}

void ScriptRunner::after_frame(const FrameRecord& rec, std::string_view screen, const Capture& capture) {
  if (finished()) return;
  // A tap takes four frames: hover, press, release (the click), then frames for the screen to settle.
  switch (phase_) {
    case Phase::Hover: phase_ = Phase::Press; return;
    case Phase::Press: phase_ = drag_frames_ > 0 ? Phase::Drag : Phase::Release; return;
    case Phase::Drag:
      if (--drag_frames_ <= 0) phase_ = Phase::Release;
      return;
    case Phase::Hold:
      if (Clock::now() >= hold_until_) phase_ = Phase::Release;
      return;
    case Phase::Release: phase_ = Phase::Settle; settle_frames_ = 2; return;
    case Phase::Path:
      if (++path_next_ >= path_.size()) {
        phase_ = Phase::Settle;
        settle_frames_ = 2;
      }
      return;
    case Phase::Settle:
      if (--settle_frames_ > 0) return;
      phase_ = Phase::Idle;
      ++next_;
      step_fresh_ = true;
      return;
    case Phase::Idle: break;
  }
  if (step_fresh_) {
    step_started_ = Clock::now();
    step_fresh_ = false;
  }
  const Step& step = steps_[next_];
  const auto elapsed = Clock::now() - step_started_;
  auto done = [&] {
    ++next_;
    step_fresh_ = true;
  };
  switch (step.kind) {
    case StepKind::Tap:
      if (rec.input_blocked()) break;  // the screen just changed: a person would not tap yet
      if (const Target* t = rec.find_target(step.arg)) {
        ++taps_;
        tap_at_ = t->center();
        drag_frames_ = 0;
        drag_dx_ = 0;
        zigzag_ = false;
        phase_ = Phase::Hover;
      } else if (elapsed > kFindTimeout) {
        fail(screen, "no widget labelled \"" + step.arg + "\"");
      }
      break;
    case StepKind::Swipe: {
      // The finger goes down mid-screen and moves up by N pixels (N < 0: down), then lifts.
      if (rec.input_blocked()) break;
      const ImVec2 display = ImGui::GetIO().DisplaySize;
      tap_at_ = ImVec2(display.x / 2, display.y / 2 + static_cast<float>(step.number) / 2);
      drag_frames_ = 8;
      drag_step_ = static_cast<float>(step.number) / static_cast<float>(drag_frames_);
      drag_dx_ = 0;
      zigzag_ = false;
      phase_ = Phase::Hover;
      break;
    }
    case StepKind::Sign:
      // A zigzag stroke across the middle of the widget with that label, as a finger signing.
      if (rec.input_blocked()) break;
      if (const Target* t = rec.find_target(step.arg)) {
        ++signatures_;
        const float w = t->max.x - t->min.x, h = t->max.y - t->min.y;
        drag_frames_ = 24;
        tap_at_ = ImVec2(t->min.x + w * 0.15f, t->center().y);
        drag_dx_ = w * 0.7f / static_cast<float>(drag_frames_);
        drag_step_ = h * 0.1f;
        zigzag_ = true;
        phase_ = Phase::Hover;
      } else if (elapsed > kFindTimeout) {
        fail(screen, "no widget labelled \"" + step.arg + "\"");
      }
      break;
    case StepKind::Write:
      // Each stroke: the finger over its start, down, through its points a few frames a segment, up.
      if (rec.input_blocked()) break;
      if (const Target* t = rec.find_target(step.arg)) {
        taps_ += static_cast<int>(step.strokes.size());  // each stroke a touch, for the tap budget
        const auto at = [&](ImVec2 p) {
          return ImVec2(t->min.x + (t->max.x - t->min.x) * p.x / 100, t->min.y + (t->max.y - t->min.y) * p.y / 100);
        };
        constexpr int kFramesPerSegment = 4;
        path_.clear();
        path_next_ = 0;
        for (const ScriptStroke& stroke : step.strokes) {
          path_.push_back({at(stroke.front()), false});
          path_.push_back({at(stroke.front()), true});
          for (std::size_t i = 1; i < stroke.size(); ++i)
            for (int f = 1; f <= kFramesPerSegment; ++f) {
              const float k = static_cast<float>(f) / kFramesPerSegment;
              const ImVec2 a = stroke[i - 1], b = stroke[i];
              path_.push_back({at(ImVec2(a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k)), true});
            }
          path_.push_back({at(stroke.back()), false});
        }
        phase_ = Phase::Path;
      } else if (elapsed > kFindTimeout) {
        fail(screen, "no widget labelled \"" + step.arg + "\"");
      }
      break;
    case StepKind::Type:
      // Each character typed is a key the citizen taps.
      for (const char c : step.arg) taps_ += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      pending_text_ = step.arg;
      phase_ = Phase::Settle;
      settle_frames_ = 2;
      break;
    case StepKind::WaitScreen:
      if (screen == step.arg) done();
      else if (elapsed > kScreenTimeout) fail(screen, "screen \"" + step.arg + "\" did not appear");
      break;
    case StepKind::Screenshot: {
      const auto path = dir_ / (step.arg + ".png");
      if (!capture(path)) {
        fail(screen, "cannot write " + path.string());
        break;
      }
      screenshots_.push_back(path);
      done();
      break;
    }
    case StepKind::ExpectText:
      if (rec.has_text(step.arg)) done();
      else if (elapsed > text_timeout_) fail(screen, "text \"" + step.arg + "\" is not shown");
      break;
    case StepKind::ExpectAbsent:
      // Checked on the settled frame now: a value that must be gone (a wiped session) is not waited for.
      if (rec.has_text(step.arg)) fail(screen, "text \"" + step.arg + "\" is shown");
      else done();
      break;
    case StepKind::SleepMs:
      if (elapsed >= std::chrono::milliseconds(step.number)) done();
      break;
    case StepKind::AdvanceClock:
      clock_offset_ += std::chrono::seconds(step.number);
      done();
      break;
    case StepKind::WaitTextS:
      text_timeout_ = std::chrono::seconds(step.number);
      done();
      break;
    case StepKind::LongPressCorner:
      // The hidden maintenance gesture: a finger held N ms in the top-left corner.
      tap_at_ = ImVec2(8, 8);
      hold_until_ = Clock::now() + std::chrono::milliseconds(step.number);
      phase_ = Phase::Hold;
      break;
    case StepKind::BudgetStart:
      budget_name_ = step.arg;
      taps_ = 0;
      signatures_ = 0;
      done();
      break;
    case StepKind::BudgetEnd: {
      const std::string counted = "tap budget \"" + budget_name_ + "\": " + std::to_string(taps_) + " taps and " +
                                  std::to_string(signatures_) + " signature(s), budget " + std::to_string(step.number);
      log::info("script", counted);
      if (taps_ > step.number) fail(screen, counted);
      else done();
      break;
    }
    case StepKind::Audit:
      // A screen just shown is laid out from the frame before (scroll limits, child sizes): two more frames settle it.
      if (audit_wait_++ < 2) break;
      audit_wait_ = 0;
      if (!auditor_) fail(screen, "no audit report to write to");
      else if (auto written = auditor_(rec, screen, step.arg); !written) fail(screen, written.error().message);
      else done();
      break;
    case StepKind::Sim:
      if (auto sent = send_to_simulator(step.arg); !sent) fail(screen, sent.error().message);
      else done();
      break;
  }
}

}  // namespace ow::ui
