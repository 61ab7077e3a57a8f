// The SANE scanner driver against SANE's own `test` backend, enabled in a private
// SANE_CONFIG_DIR: every mode, flatbed and feeder, every injected sane_read status, and cancel.
#include <doctest/doctest.h>

#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "drivers/scanner/scanner.hpp"

using namespace ow::drivers;
using namespace ow::drivers::scanner;

namespace {

// SANE reads its configuration once per sane_init, which the driver calls while any scanner is
// in use; pointing SANE_CONFIG_DIR at our folder before the first use is enough.
struct SaneTestConfig {
  std::filesystem::path dir;
  SaneTestConfig() {
    dir = std::filesystem::temp_directory_path() / ("ow-sane-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "dll.conf") << "test\n";
    std::ofstream(dir / "test.conf") << "number_of_devices 2\n";
    setenv("SANE_CONFIG_DIR", dir.c_str(), 1);
  }
  ~SaneTestConfig() { std::filesystem::remove_all(dir); }
};
const SaneTestConfig g_config;

std::unique_ptr<Scanner> open_test() {
  auto s = Scanner::open("test:0");
  REQUIRE(s);
  return std::move(*s);
}

ScanSettings small(ScanMode mode, ScanSource source = ScanSource::Flatbed) {
  ScanSettings st;
  st.mode = mode;
  st.dpi = 50;
  st.source = source;
  return st;
}

}  // namespace

TEST_CASE("the test backend's devices are listed and an unknown name is NoDevice") {
  auto list = Scanner::list();
  REQUIRE(list);
  std::vector<std::string> names;
  for (const auto& d : *list) names.push_back(d.name);
  CHECK(std::find(names.begin(), names.end(), "test:0") != names.end());
  CHECK(std::find(names.begin(), names.end(), "test:1") != names.end());
  auto missing = Scanner::open("test:99");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().fault == ScanFault::NoDevice);
}

TEST_CASE("flatbed scans in colour, gray and line-art give pages of the right shape and content") {
  auto s = open_test();
  struct Case {
    ScanMode mode;
    const char* picture;
    int channels;
    int expect_value;  // -1: mixed
  };
  const Case cases[] = {{ScanMode::Color, "Color pattern", 3, -1},
                        {ScanMode::Gray, "Solid white", 1, 255},
                        {ScanMode::Gray, "Solid black", 1, 0},
                        {ScanMode::Lineart, "Solid black", 1, 0},
                        {ScanMode::Lineart, "Grid", 1, -1}};
  for (const auto& c : cases) {
    CAPTURE(to_string(c.mode));
    CAPTURE(c.picture);
    ScanSettings st = small(c.mode);
    st.extra_options = {{"test-picture", c.picture}};
    std::vector<ScannedPage> pages;
    auto n = s->scan(st, [&](ScannedPage&& p) { pages.push_back(std::move(p)); });
    REQUIRE(n);
    CHECK(*n == 1);
    REQUIRE(pages.size() == 1);
    const auto& p = pages[0];
    CHECK(p.channels == c.channels);
    CHECK(p.dpi == 50);
    // The default scan area is 80 x 100 mm.
    CHECK(std::abs(p.width - 157) <= 2);
    CHECK(std::abs(p.height - 196) <= 2);
    REQUIRE(p.pixels.size() == static_cast<std::size_t>(p.width * p.height * p.channels));
    const auto [lo, hi] = std::minmax_element(p.pixels.begin(), p.pixels.end());
    if (c.expect_value >= 0) {
      CHECK(*lo == c.expect_value);
      CHECK(*hi == c.expect_value);
    } else {
      CHECK(*lo < 64);
      CHECK(*hi > 192);
    }
    if (c.mode == ScanMode::Lineart) CHECK(std::all_of(p.pixels.begin(), p.pixels.end(), [](auto v) { return v == 0 || v == 255; }));
  }
  CHECK(s->state() == DeviceState::Online);
  CHECK(s->counters().operations == 5);
}

TEST_CASE("the document feeder scans every page until it runs empty, and max_pages stops earlier") {
  auto s = open_test();
  int pages = 0;
  auto n = s->scan(small(ScanMode::Gray, ScanSource::Adf), [&](ScannedPage&&) { ++pages; });
  REQUIRE(n);
  CHECK(*n == 10);  // the test backend's feeder holds ten sheets
  CHECK(pages == 10);
  auto s2 = Scanner::open("test:1");
  REQUIRE(s2);
  ScanSettings st = small(ScanMode::Gray, ScanSource::Adf);
  st.max_pages = 3;
  auto m = (*s2)->scan(st, [](ScannedPage&&) {});
  REQUIRE(m);
  CHECK(*m == 3);
  // The test backend has no duplex feeder.
  auto d = (*s2)->scan(small(ScanMode::Gray, ScanSource::AdfDuplex), [](ScannedPage&&) {});
  REQUIRE_FALSE(d);
  CHECK(d.error().fault == ScanFault::Unsupported);
}

TEST_CASE("every injected sane_read status maps to its fault and device state") {
  struct Case {
    const char* status;
    ScanFault fault;
    DeviceState state;
  };
  const Case cases[] = {
      {"SANE_STATUS_UNSUPPORTED", ScanFault::Unsupported, DeviceState::HardwareError},
      {"SANE_STATUS_CANCELLED", ScanFault::Cancelled, DeviceState::Online},
      {"SANE_STATUS_DEVICE_BUSY", ScanFault::Busy, DeviceState::Busy},
      {"SANE_STATUS_INVAL", ScanFault::InvalidOption, DeviceState::HardwareError},
      {"SANE_STATUS_EOF", ScanFault::IoError, DeviceState::HardwareError},  // an empty page
      {"SANE_STATUS_JAMMED", ScanFault::Jammed, DeviceState::UserError},
      {"SANE_STATUS_NO_DOCS", ScanFault::NoDocument, DeviceState::UserError},
      {"SANE_STATUS_COVER_OPEN", ScanFault::CoverOpen, DeviceState::UserError},
      {"SANE_STATUS_IO_ERROR", ScanFault::IoError, DeviceState::HardwareError},
      {"SANE_STATUS_NO_MEM", ScanFault::NoMemory, DeviceState::HardwareError},
      {"SANE_STATUS_ACCESS_DENIED", ScanFault::AccessDenied, DeviceState::HardwareError},
  };
  auto s = open_test();
  for (const auto& c : cases) {
    CAPTURE(c.status);
    ScanSettings st = small(ScanMode::Gray);
    st.extra_options = {{"read-return-value", c.status}};
    int pages = 0;
    auto n = s->scan(st, [&](ScannedPage&&) { ++pages; });
    REQUIRE_FALSE(n);
    CHECK(n.error().fault == c.fault);
    CHECK(s->state() == c.state);
    CHECK(pages == 0);
    CHECK_FALSE(n.error().message.empty());
  }
  // Back to normal: the next clean scan succeeds and the state recovers.
  ScanSettings ok = small(ScanMode::Gray);
  ok.extra_options = {{"read-return-value", "Default"}};
  CHECK(s->scan(ok, [](ScannedPage&&) {}));
  CHECK(s->state() == DeviceState::Online);
  CHECK(s->counters().errors == std::size(cases));
}

TEST_CASE("a backend cannot make its reader thread asynchronously cancellable") {
  // The backends bind pthread_setcanceltype through the global scope, as dlsym does here: it must
  // be the kiosk's, which keeps cancellation deferred (drivers/scanner/deferred_cancel.cpp).
  using Fn = int (*)(int, int*);
  const auto global = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "pthread_setcanceltype"));
  const auto libc = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "pthread_setcanceltype"));
  const bool found = global != nullptr, kiosks = global != libc;
  REQUIRE(found);
  CHECK(kiosks);
  int type_after = -1;
  std::thread([&] {
    int old = -1;
    global(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
    global(PTHREAD_CANCEL_DEFERRED, &type_after);
  }).join();
  CHECK(type_after == PTHREAD_CANCEL_DEFERRED);
}

TEST_CASE("scans that fail at once, each cancelling a reader thread that has just started, never hang") {
  // Before the reader threads were kept deferred, a cancel landing in the reader's malloc left
  // an arena locked and a later scan hung (about one run in forty under load).
  auto s = open_test();
  ScanSettings st = small(ScanMode::Gray);
  st.extra_options = {{"read-return-value", "SANE_STATUS_JAMMED"}};
  for (int i = 0; i < 200; ++i) {
    auto n = s->scan(st, [](ScannedPage&&) {});
    REQUIRE_FALSE(n);
    REQUIRE(n.error().fault == ScanFault::Jammed);
  }
}

TEST_CASE("the status table covers every SANE status") {
  for (int st = 0; st <= 13; ++st) {
    const auto m = map_sane_status(st);
    CHECK((st == 0 || st == 5) == (m.fault == ScanFault::None));
  }
  CHECK(map_sane_status(12).fault == ScanFault::Busy);    // warming up
  CHECK(map_sane_status(13).fault == ScanFault::Locked);  // transport lock
  CHECK(map_sane_status(999).state == DeviceState::HardwareError);
}

TEST_CASE("a slow scan is cancelled from another thread") {
  auto s = open_test();
  // 89 MB of 1200 dpi grey in 64-byte reads: far more than is read before the cancel lands.
  ScanSettings st = small(ScanMode::Gray);
  st.dpi = 1200;
  st.extra_options = {{"tl-x", "0"}, {"tl-y", "0"}, {"br-x", "200"}, {"br-y", "200"}, {"test-picture", "Grid"},
                      {"read-limit", "yes"}, {"read-limit-size", "64"}};
  // The canceller waits for the first data of the page (an event, not a time), so the cancel
  // always lands in the middle of reading, however slow the machine.
  std::mutex mu;
  std::condition_variable cv;
  bool reading = false;
  std::size_t expected = 0;
  st.on_progress = [&](std::size_t, std::size_t total) {
    std::lock_guard lock(mu);
    if (!reading) expected = total;
    reading = true;
    cv.notify_all();
  };
  std::thread canceller([&] {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return reading; });
    s->cancel();
  });
  auto n = s->scan(st, [](ScannedPage&&) {});
  canceller.join();
  REQUIRE_FALSE(n);
  CHECK(n.error().fault == ScanFault::Cancelled);
  CHECK(expected > 64u * 1024 * 1024);  // the page announced was large: the cancel cut it short
  CHECK(s->scan(small(ScanMode::Gray), [](ScannedPage&&) {}));
}

TEST_CASE("unknown options and bad values are refused before scanning") {
  auto s = open_test();
  ScanSettings st = small(ScanMode::Gray);
  st.extra_options = {{"no-such-option", "1"}};
  auto n = s->scan(st, [](ScannedPage&&) {});
  REQUIRE_FALSE(n);
  CHECK(n.error().fault == ScanFault::InvalidOption);
  st.extra_options = {{"read-limit-size", "abc"}};
  st.extra_options.insert(st.extra_options.begin(), {"read-limit", "yes"});
  n = s->scan(st, [](ScannedPage&&) {});
  REQUIRE_FALSE(n);
  CHECK(n.error().fault == ScanFault::InvalidOption);
  CHECK_FALSE(s->describe_options().empty());
  CHECK(s->health(ow::drivers::HealthLevel::External).passed);
}
