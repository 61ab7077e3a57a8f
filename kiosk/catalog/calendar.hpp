#pragma once
// The working-day calendar a catalog package carries (calendar.json): the statutory holidays and the
// weekend days worked instead (调休上班), as the State Council publishes them once a year. Promised
// dates count on it: a time limit in working days skips holidays and counts a 调休 Saturday; a
// limit in calendar days or months that ends on a day off ends on the next working day (民法典
// 第二百零三条). A day in a year the calendar does not cover counts Monday to Friday, and the
// result says so, so that nothing printed claims more than the package knows.
#include <chrono>
#include <set>
#include <string>

namespace ow::catalog {

struct TimeLimit;  // catalog.hpp

using Day = std::chrono::sys_days;

struct WorkCalendar {
  std::set<int> years;     // years whose published schedule the package holds
  std::set<Day> holidays;  // days off that would be working days
  std::set<Day> workdays;  // weekend days that are working days

  bool covers(Day d) const;
  bool working(Day d) const;
};

struct DueDate {
  Day day;
  bool assumed = false;  // some day counted lies outside the calendar's years
};

// The last day of `limit` counted from `from` (the day of acceptance, not itself counted).
DueDate due_date(const WorkCalendar& cal, Day from, const TimeLimit& limit);

// "2026-12-21".
std::string iso_date(Day d);
// Today in local time.
Day local_today();

}  // namespace ow::catalog
