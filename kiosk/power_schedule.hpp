#pragma once
// Night hours and the maintenance window, as decisions: is the idle screen full, dimmed or blank
// now, when can that change next, and is this a moment to reboot. The kiosk stays available 7×24:
// a dimmed or blank screen wakes on the first touch or card. Pure functions of the time of day
// and the idle time, so they are tested without waiting; request_reboot() acts on a decision.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "kiosk/result.hpp"

namespace ow {

struct PowerConfig {
  // Local minutes after midnight; night runs from night_start to night_end (may cross midnight).
  // Equal values: no night.
  int night_start_min = 22 * 60;
  int night_end_min = 7 * 60;
  int night_brightness_pct = 30;    // the idle screen at night (100: no dimming)
  int night_blank_after_s = 300;    // idle seconds at night before the screen goes black; 0: never
  int dim_after_s = 60;             // idle seconds before dimming starts at night
};

struct MaintenanceConfig {
  // The kiosk reboots itself between sessions in [reboot_window_start, reboot_window_end) local
  // time once it has been up reboot_after_days; 0 days: never.
  int reboot_window_start_min = 3 * 60;
  int reboot_window_end_min = 4 * 60;
  int reboot_after_days = 7;
  std::uint64_t min_free_disk_mb = 512;  // below this, submissions stop (see DiskGuard)
};

enum class ScreenPower { Full, Dim, Blank };

// "HH:MM" → minutes after midnight.
std::optional<int> parse_clock_time(std::string_view text);
// "HH:MM-HH:MM" → start and end minutes.
std::optional<std::pair<int, int>> parse_clock_window(std::string_view text);
// Whether `minute` lies in [start, end), the window possibly crossing midnight.
bool in_daily_window(int minute, int start, int end);

class PowerSchedule {
 public:
  PowerSchedule(PowerConfig power, MaintenanceConfig maintenance) : power_(power), maintenance_(maintenance) {}

  // What the screen should be: `minute_of_day` local, `idle` since the last touch or card, and
  // whether a citizen's session is open (then always Full).
  ScreenPower screen(int minute_of_day, std::chrono::seconds idle, bool in_session) const;
  int brightness_pct(ScreenPower s) const { return s == ScreenPower::Full ? 100 : s == ScreenPower::Dim ? power_.night_brightness_pct : 0; }
  // How long, without input, until screen() may give another answer (at least 1 s).
  std::chrono::seconds until_change(int minute_of_day, int second_of_minute, std::chrono::seconds idle) const;
  bool is_night(int minute_of_day) const;

  // A reboot now? Only inside the window, only between sessions, only when up long enough.
  bool reboot_due(int minute_of_day, std::chrono::seconds uptime, bool between_sessions) const;

 private:
  PowerConfig power_;
  MaintenanceConfig maintenance_;
};

// Asks systemd-logind to reboot (`systemctl reboot`; the package's polkit rule allows the kiosk
// user). Returns when the request was handed over, or why it failed.
Result<void> request_reboot();
// Seconds since boot (CLOCK_BOOTTIME: includes suspend).
std::chrono::seconds system_uptime();

}  // namespace ow
