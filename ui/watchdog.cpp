#include "ui/watchdog.hpp"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>

#include "kiosk/log.hpp"

namespace ow::ui {

namespace {
using namespace std::chrono;

std::atomic<long long> g_freeze_after_ms{-1};

void notify(const char* state) {
  if (int r = sd_notify(0, state); r < 0) log::warn("systemd", std::string("sd_notify failed: ") + std::to_string(-r));
}
}  // namespace

void Watchdog::freeze_loop_after(milliseconds after) { g_freeze_after_ms = after.count(); }

Watchdog::Watchdog() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  notify_ = socket && *socket;
  if (!notify_) return;
  if (const char* usec = std::getenv("WATCHDOG_USEC")) {
    char* end = nullptr;
    const long long v = std::strtoll(usec, &end, 10);
    if (end && *end == '\0' && v > 0) interval_ = microseconds(v / 2);
  }
  if (enabled())
    log::info("systemd", "watchdog on: a ping every " + std::to_string(duration_cast<milliseconds>(interval_).count()) + " ms");
}

void Watchdog::tick(bool first_frame_shown, Clock::time_point now) {
  if (!notify_) return;
  if (!ready_sent_) {
    if (!first_frame_shown) return;
    notify("READY=1\nSTATUS=serving citizens");
    ready_sent_ = true;
    ready_at_ = now;
    next_ping_ = now;  // the first ping goes with READY, so systemd's timer starts armed
  }
  if (const long long freeze = g_freeze_after_ms.load(); freeze >= 0 && now - ready_at_ >= milliseconds(freeze)) {
    log::warn("systemd", "test hook: the UI loop freezes now");
    notify("STATUS=frozen by test hook");
    for (;;) std::this_thread::sleep_for(hours(1));
  }
  if (enabled() && now >= next_ping_) {
    notify("WATCHDOG=1");
    next_ping_ = now + interval_;
  }
}

milliseconds Watchdog::wait(Clock::time_point now) const {
  constexpr milliseconds kNever = hours(24);
  if (!notify_ || !ready_sent_) return kNever;
  milliseconds wait = enabled() ? duration_cast<milliseconds>(next_ping_ - now) : kNever;
  if (const long long freeze = g_freeze_after_ms.load(); freeze >= 0)
    wait = std::min(wait, duration_cast<milliseconds>(ready_at_ + milliseconds(freeze) - now));
  return std::max(wait, milliseconds(0));
}

void Watchdog::stopping() {
  if (notify_) notify("STOPPING=1");
}

}  // namespace ow::ui
