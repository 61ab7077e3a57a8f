#pragma once
// systemd supervision of the UI loop (sd_notify): READY=1 once the first frame is on screen, then
// WATCHDOG=1 every half WatchdogSec, sent from the loop itself. A loop that hangs stops pinging and
// systemd kills and restarts the kiosk. Without NOTIFY_SOCKET (not under systemd) it does nothing.
#include <chrono>
#include <optional>

namespace ow::ui {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // Reads NOTIFY_SOCKET and WATCHDOG_USEC. WATCHDOG_PID is not required to be ours: under cage the
  // compositor is the service's main process and the kiosk its child (the unit sets NotifyAccess=all).
  Watchdog();

  // Call once per loop iteration. Sends READY=1 the first time `first_frame_shown` is true and
  // WATCHDOG=1 whenever a ping is due.
  void tick(bool first_frame_shown, Clock::time_point now = Clock::now());
  // How long the loop may sleep before the next ping is due (a day when disabled).
  std::chrono::milliseconds wait(Clock::time_point now = Clock::now()) const;
  bool enabled() const { return interval_.count() > 0; }
  bool ready_sent() const { return ready_sent_; }
  // STOPPING=1 on an orderly exit, so systemd does not count the exit as a hang.
  void stopping();

  // Test hook, called only by the test build of the kiosk program (OW_TEST_HOOKS, see
  // tests/deploy/CMakeLists.txt): the loop hangs for good `after` READY=1, as a deadlocked UI
  // thread would. The production program never calls it.
  static void freeze_loop_after(std::chrono::milliseconds after);

 private:
  bool notify_ = false;
  std::chrono::microseconds interval_{0};  // half of WATCHDOG_USEC; 0: no watchdog
  Clock::time_point next_ping_{};
  Clock::time_point ready_at_{};
  bool ready_sent_ = false;
};

}  // namespace ow::ui
