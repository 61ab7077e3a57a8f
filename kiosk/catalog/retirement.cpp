#include "kiosk/catalog/retirement.hpp"

#include <algorithm>
#include <iterator>

namespace ow::catalog::retirement {

namespace {

struct Schedule {
  int original_age;
  int first_year;  // births from January of this year are the first to retire later
  int births_per_month;  // months of births that share one more month of working life
  int max_months;
};

constexpr Schedule kSchedules[] = {{60, 1965, 4, 36}, {55, 1970, 4, 36}, {50, 1975, 2, 60}};

}  // namespace

std::optional<Age> statutory_age(int year, int month, int original_age) {
  const auto* s = std::find_if(std::begin(kSchedules), std::end(kSchedules),
                               [&](const Schedule& x) { return x.original_age == original_age; });
  if (s == std::end(kSchedules) || month < 1 || month > 12) return std::nullopt;
  const int since = (year - s->first_year) * 12 + (month - 1);
  const int delay = since < 0 ? 0 : std::min(s->max_months, since / s->births_per_month + 1);
  return Age{original_age + delay / 12, delay % 12};
}

int min_contribution_months(int year) {
  return 15 * 12 + std::clamp(year - 2029, 0, 10) * 6;
}

}  // namespace ow::catalog::retirement
