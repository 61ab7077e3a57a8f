// Fuzzes calendar.json, the working-day calendar a catalog package carries: whatever parses must
// keep its days inside the years it names, and counting any limit on it must end.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/catalog/catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ow::catalog;
  auto cal = read_calendar(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!cal) return 0;
  for (Day d : cal->holidays)
    if (!cal->covers(d)) __builtin_trap();
  for (Day d : cal->workdays)
    if (!cal->covers(d)) __builtin_trap();
  const Day from = cal->holidays.empty() ? Day{} : *cal->holidays.begin();
  for (TimeUnit u : {TimeUnit::WorkingDay, TimeUnit::NaturalDay, TimeUnit::Month}) {
    const DueDate due = due_date(*cal, from, TimeLimit{3650, u});
    if (due.day <= from) __builtin_trap();
  }
  return 0;
}
