#include "ui/power_control.hpp"

#include <imgui.h>

#include <algorithm>
#include <ctime>

#include "kiosk/log.hpp"

namespace ow::ui {

namespace {
using namespace std::chrono;

struct ClockNow {
  int minute_of_day = 0, second = 0;
};

ClockNow local_clock() {
  const std::time_t t = system_clock::to_time_t(system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  return {tm.tm_hour * 60 + tm.tm_min, tm.tm_sec};
}

bool is_press(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_FINGERDOWN || e.type == SDL_KEYDOWN || e.type == SDL_MOUSEWHEEL;
}
bool is_release(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP || e.type == SDL_KEYUP;
}
}  // namespace

PowerControl::PowerControl(const Config& config)
    : schedule_(config.power, config.maintenance), last_activity_(steady_clock::now()) {}

bool PowerControl::swallow_input(const SDL_Event& event, SteadyTime now) {
  const bool press = is_press(event), release = is_release(event);
  if (!press && !release && event.type != SDL_FINGERMOTION && event.type != SDL_MOUSEMOTION) return false;
  if (press || release) activity(now);
  if (state_ == ScreenPower::Blank && press) {
    log::info("power", "screen woken by a touch");
    state_ = ScreenPower::Full;
    next_check_ = {};
    swallowing_ = true;
    return true;
  }
  if (!swallowing_) return false;
  // A finger produces touch and mouse events: drop them all until it is lifted.
  if (release && event.type != SDL_KEYUP) swallowing_ = false;
  return true;
}

bool PowerControl::update(SteadyTime now, bool between_sessions) {
  if (now < next_check_) return false;
  const ClockNow clock = local_clock();
  const auto idle = duration_cast<seconds>(now - last_activity_);
  const ScreenPower next = schedule_.screen(clock.minute_of_day, idle, !between_sessions);
  next_check_ = now + schedule_.until_change(clock.minute_of_day, clock.second, idle);
  // The reboot window is checked at least once a minute.
  next_check_ = std::min(next_check_, now + seconds(60));
  if (!reboot_requested_ && between_sessions && idle >= seconds(60) &&
      schedule_.reboot_due(clock.minute_of_day, system_uptime(), true)) {
    log::info("power", "maintenance window: rebooting between sessions");
    reboot_requested_ = true;  // once: a refused request is not retried every minute
    if (auto ok = request_reboot(); !ok) log::error("power", ok.error().message);
  }
  if (next == state_) return false;
  log::info("power", next == ScreenPower::Full ? "screen at full brightness"
                     : next == ScreenPower::Dim ? "night: screen dimmed"
                                                : "night: screen blanked");
  state_ = next;
  return true;
}

milliseconds PowerControl::wait(SteadyTime now) const {
  return std::max(duration_cast<milliseconds>(next_check_ - now), milliseconds(0));
}

void PowerControl::draw_overlay() const {
  if (state_ == ScreenPower::Full) return;
  const int pct = schedule_.brightness_pct(state_);
  const auto alpha = static_cast<int>(255 * (100 - pct) / 100);
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), size, IM_COL32(0, 0, 0, alpha));
}

}  // namespace ow::ui
