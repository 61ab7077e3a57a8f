#pragma once
// Applies the night schedule (kiosk/power_schedule.hpp) to the window: a dimming or black overlay
// over the idle screen, a waking first touch that does not reach the widgets, and the maintenance
// reboot between sessions.
#include <SDL.h>

#include <chrono>

#include "kiosk/config.hpp"
#include "kiosk/power_schedule.hpp"

namespace ow::ui {

class PowerControl {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  explicit PowerControl(const Config& config);

  // A touch, click or key: true when it only woke a blank screen and must be dropped (until the
  // finger is lifted), so a sleeping kiosk never acts on the touch that wakes it.
  bool swallow_input(const SDL_Event& event, SteadyTime now);
  // Something else happened that means a person is there (a card, a screen change).
  void activity(SteadyTime now) {
    last_activity_ = now;
    next_check_ = {};
  }
  // Re-decides the screen state; true when it changed and a frame must be drawn. Requests the
  // maintenance reboot when it is due and the kiosk is between sessions.
  bool update(SteadyTime now, bool between_sessions);
  // How long until update() may decide differently without input.
  std::chrono::milliseconds wait(SteadyTime now) const;
  // Draws the dimming or blanking over the frame; call inside the ImGui frame, last.
  void draw_overlay() const;
  ScreenPower state() const { return state_; }

 private:
  PowerSchedule schedule_;
  SteadyTime last_activity_;
  SteadyTime next_check_{};
  ScreenPower state_ = ScreenPower::Full;
  bool swallowing_ = false;
  bool reboot_requested_ = false;
};

}  // namespace ow::ui
