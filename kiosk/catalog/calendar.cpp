#include "kiosk/catalog/calendar.hpp"

#include <ctime>

#include "kiosk/catalog/catalog.hpp"

namespace ow::catalog {

namespace {
using namespace std::chrono;

bool weekend(Day d) {
  const weekday w{d};
  return w == Saturday || w == Sunday;
}

int year_of(Day d) { return static_cast<int>(year_month_day{d}.year()); }

// The same day `n` months on; the 31st of a shorter month is its last day.
Day add_months(Day from, int n) {
  year_month_day ymd{from};
  const year_month ym = year_month{ymd.year(), ymd.month()} + months{n};
  const day last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return sys_days{ym / std::min(ymd.day(), last)};
}
}  // namespace

bool WorkCalendar::covers(Day d) const { return years.count(year_of(d)) > 0; }

bool WorkCalendar::working(Day d) const {
  if (workdays.count(d)) return true;
  if (holidays.count(d)) return false;
  return !weekend(d);
}

DueDate due_date(const WorkCalendar& cal, Day from, const TimeLimit& limit) {
  DueDate r{from, !cal.covers(from)};
  auto step = [&](Day d) {
    if (!cal.covers(d)) r.assumed = true;
    return d;
  };
  if (limit.unit == TimeUnit::WorkingDay) {
    for (int left = limit.value; left > 0;)
      if (cal.working(r.day = step(r.day + days{1}))) --left;
    return r;
  }
  r.day = step(limit.unit == TimeUnit::NaturalDay ? from + days{limit.value} : add_months(from, limit.value));
  while (!cal.working(r.day)) r.day = step(r.day + days{1});
  return r;
}

std::string iso_date(Day d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Day local_today() {
  const std::time_t tt = system_clock::to_time_t(system_clock::now());
  std::tm tm{};
  localtime_r(&tt, &tm);
  return sys_days{year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} / day{static_cast<unsigned>(tm.tm_mday)}};
}

}  // namespace ow::catalog
