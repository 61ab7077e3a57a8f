// Promised dates on the receipt: working days around holidays and 调休 Saturdays, calendar days and
// months that end on a day off, years the package's calendar does not hold, and calendar.json's
// errors named by path.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/catalog/catalog.hpp"

namespace fs = std::filesystem;
using namespace ow;
using namespace std::chrono;
using catalog::TimeLimit;
using catalog::TimeUnit;

namespace {
fs::path sample_dir() { return fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample"; }

catalog::Day on(int y, unsigned m, unsigned d) { return sys_days{year{y} / m / d}; }

std::string due(const catalog::WorkCalendar& cal, catalog::Day from, int n, TimeUnit unit) {
  return catalog::iso_date(catalog::due_date(cal, from, TimeLimit{n, unit}).day);
}

const catalog::WorkCalendar& sample_calendar() {
  static const catalog::Catalog c = [] {
    auto loaded = catalog::load_catalog(sample_dir());
    REQUIRE_MESSAGE(loaded, loaded.error().message);
    return std::move(*loaded);
  }();
  return c.calendar;
}
}  // namespace

TEST_CASE("working days skip weekends and the published holidays, and count a 调休 Saturday") {
  const auto& cal = sample_calendar();
  REQUIRE(cal.covers(on(2026, 3, 1)));
  // An ordinary week: Monday 2026-03-02 + 5 working days is the next Monday.
  CHECK(due(cal, on(2026, 3, 2), 5, TimeUnit::WorkingDay) == "2026-03-09");
  // Accepted on Friday 2026-02-13: Saturday the 14th is worked (调休), 15–23 are the Spring Festival.
  CHECK(due(cal, on(2026, 2, 13), 1, TimeUnit::WorkingDay) == "2026-02-14");
  CHECK(due(cal, on(2026, 2, 13), 2, TimeUnit::WorkingDay) == "2026-02-24");
  // The same five working days with and without the National Day week (and its 调休 Saturday) in between.
  CHECK(due(cal, on(2026, 9, 28), 5, TimeUnit::WorkingDay) == "2026-10-10");
  catalog::WorkCalendar weekends_only;
  CHECK(due(weekends_only, on(2026, 9, 28), 5, TimeUnit::WorkingDay) == "2026-10-05");
  // 2025: the eight-day National Day and Mid-Autumn break, and Saturday 2025-10-11 worked.
  CHECK(due(cal, on(2025, 9, 30), 1, TimeUnit::WorkingDay) == "2025-10-09");
  CHECK(due(cal, on(2025, 10, 10), 1, TimeUnit::WorkingDay) == "2025-10-11");
  CHECK_FALSE(catalog::due_date(cal, on(2026, 9, 28), TimeLimit{5, TimeUnit::WorkingDay}).assumed);
}

TEST_CASE("calendar days and months that end on a day off end on the next working day") {
  const auto& cal = sample_calendar();
  CHECK(due(cal, on(2026, 3, 2), 30, TimeUnit::NaturalDay) == "2026-04-01");
  // 30 days from 2026-09-03 is Saturday 2026-10-03, inside the National Day week: the 8th.
  CHECK(due(cal, on(2026, 9, 3), 30, TimeUnit::NaturalDay) == "2026-10-08");
  // A month from 31 January is the last day of February.
  CHECK(due(cal, on(2025, 1, 31), 1, TimeUnit::Month) == "2025-02-28");
  CHECK(due(cal, on(2026, 3, 16), 1, TimeUnit::Month) == "2026-04-16");
}

TEST_CASE("a year the calendar lacks counts Monday to Friday and says so") {
  const auto& cal = sample_calendar();
  const auto r = catalog::due_date(cal, on(2026, 12, 28), TimeLimit{5, TimeUnit::WorkingDay});
  CHECK(catalog::iso_date(r.day) == "2027-01-04");
  CHECK(r.assumed);
}

TEST_CASE("calendar.json: bad dates, a date in another year, a weekday as 调休 and a reversed run are refused by path") {
  const auto dir = fs::temp_directory_path() / "ow-calendar-test";
  fs::remove_all(dir);
  fs::copy(sample_dir(), dir, fs::copy_options::recursive);
  std::ofstream(dir / "calendar.json", std::ios::trunc) << R"({"source": "test", "years": [
    {"year": 2026, "source": "test", "holidays": ["2026-02-30", "2025-12-31", "2026-05-05/2026-05-01"], "workdays": ["2026-03-04"]}]})";
  const auto c = catalog::load_catalog(dir);
  REQUIRE_FALSE(c);
  const std::string& msg = c.error().message;
  CHECK(msg.find("calendar.json: $.years[0].holidays[0]") != std::string::npos);
  CHECK(msg.find("\"2026-02-30\" is not a date") != std::string::npos);
  CHECK(msg.find("2025-12-31 is not in 2026") != std::string::npos);
  CHECK(msg.find("$.years[0].holidays[2]") != std::string::npos);
  CHECK(msg.find("2026-03-04 is a weekday already") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a deferrable material carries its make-up deadline; one without is refused") {
  const auto dir = fs::temp_directory_path() / "ow-deferral-test";
  fs::remove_all(dir);
  fs::copy(sample_dir(), dir, fs::copy_options::recursive);
  auto sample = catalog::load_catalog(dir);
  REQUIRE_MESSAGE(sample, sample.error().message);
  int deferrable = 0;
  for (const auto& m : sample->matters)
    for (const auto& mat : m.materials)
      if (mat.necessity == catalog::Necessity::Deferrable) {
        ++deferrable;
        CHECK_MESSAGE((mat.deferral_until_result || mat.deferral.value > 0), m.name << ": " << mat.name);
      }
  CHECK(deferrable > 0);
  std::ofstream(dir / "matters" / "zz_test.json") << R"({"matters": [{"code": "T1", "name": "t", "type": "公共服务",
    "department": {"name": "d"}, "categories": ["社保"],
    "materials": [{"code": "MA", "name": "a", "necessity": "deferrable", "commitment": "c"},
                  {"code": "MB", "name": "b", "necessity": "deferrable", "commitment": "c", "deferral": {"until": "payment"}}]}]})";
  const auto broken = catalog::load_catalog(dir);
  REQUIRE_FALSE(broken);
  const std::string& msg = broken.error().message;
  CHECK(msg.find("$.matters[0].materials[0].deferral: a deferrable (容缺) material needs its make-up deadline") != std::string::npos);
  CHECK(msg.find("$.matters[0].materials[1].deferral.until") != std::string::npos);
  fs::remove_all(dir);
}
