#include "kiosk/power_schedule.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace ow {

using std::chrono::seconds;

namespace {
constexpr int kDay = 24 * 60;

int two_digits(std::string_view s) {
  if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

// Seconds from (minute, second) to the next time the clock shows `target` minute (0 s if now).
long long seconds_until_minute(int minute, int second, int target) {
  int m = (target - minute + kDay) % kDay;
  return static_cast<long long>(m) * 60 - second;
}
}  // namespace

std::optional<int> parse_clock_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const int h = two_digits(text.substr(0, 2)), m = two_digits(text.substr(3, 2));
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<std::pair<int, int>> parse_clock_window(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto a = parse_clock_time(text.substr(0, dash)), b = parse_clock_time(text.substr(dash + 1));
  if (!a || !b || *a == *b) return std::nullopt;
  return std::pair{*a, *b};
}

bool in_daily_window(int minute, int start, int end) {
  if (start == end) return false;
  if (start < end) return minute >= start && minute < end;
  return minute >= start || minute < end;  // crosses midnight
}

bool PowerSchedule::is_night(int minute_of_day) const {
  return in_daily_window(minute_of_day, power_.night_start_min, power_.night_end_min);
}

ScreenPower PowerSchedule::screen(int minute_of_day, seconds idle, bool in_session) const {
  if (in_session || !is_night(minute_of_day)) return ScreenPower::Full;
  if (power_.night_blank_after_s > 0 && idle >= seconds(power_.night_blank_after_s)) return ScreenPower::Blank;
  if (power_.night_brightness_pct < 100 && idle >= seconds(power_.dim_after_s)) return ScreenPower::Dim;
  return ScreenPower::Full;
}

seconds PowerSchedule::until_change(int minute_of_day, int second_of_minute, seconds idle) const {
  long long best = 24LL * 3600;
  // The night starts or ends.
  if (power_.night_start_min != power_.night_end_min) {
    for (int edge : {power_.night_start_min, power_.night_end_min}) {
      const long long s = seconds_until_minute(minute_of_day, second_of_minute, edge);
      if (s > 0) best = std::min(best, s);
    }
  }
  // An idle threshold is crossed.
  for (int threshold : {power_.dim_after_s, power_.night_blank_after_s}) {
    const long long s = threshold - idle.count();
    if (threshold > 0 && s > 0) best = std::min(best, s);
  }
  return seconds(std::max(best, 1LL));
}

bool PowerSchedule::reboot_due(int minute_of_day, seconds uptime, bool between_sessions) const {
  if (maintenance_.reboot_after_days <= 0 || !between_sessions) return false;
  if (uptime < seconds(static_cast<long long>(maintenance_.reboot_after_days) * 24 * 3600)) return false;
  return in_daily_window(minute_of_day, maintenance_.reboot_window_start_min, maintenance_.reboot_window_end_min);
}

Result<void> request_reboot() {
  const char* argv[] = {"systemctl", "reboot", nullptr};
  pid_t pid = 0;
  if (int err = posix_spawnp(&pid, "systemctl", nullptr, nullptr, const_cast<char**>(argv), environ); err != 0)
    return fail(std::string("cannot run systemctl: ") + std::strerror(err));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return fail(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail("systemctl reboot was refused (status " + std::to_string(status) +
                "); check the polkit rule /usr/share/polkit-1/rules.d/50-onewindow.rules");
  return {};
}

seconds system_uptime() {
  timespec ts{};
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return seconds(ts.tv_sec);
}

}  // namespace ow
