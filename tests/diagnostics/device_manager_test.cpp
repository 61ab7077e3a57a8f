// DeviceManager with a scripted adapter: events on state changes, reconnect backoff, counters
// carried across a restart of the manager and of the driver.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "drivers/device_manager.hpp"
#include "tests/diagnostics/device_manager_fixture.hpp"

using namespace ow;
using namespace ow::drivers;
using namespace std::chrono_literals;

namespace {
class FakeAdapter final : public DeviceAdapter {
 public:
  DeviceState state() const override {
    std::lock_guard l(mu);
    return st;
  }
  DeviceDetails details() const override { return {{"paper", "ok"}}; }
  std::vector<std::string> capabilities() const override { return {"receipt"}; }
  DeviceIdentity identity() const override { return {"Acme", "TP-80", "SN1", "1.0"}; }
  UsageCounters counters() const override {
    std::lock_guard l(mu);
    return c;
  }
  std::string port() const override { return "fake"; }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    done(HealthResult{level != HealthLevel::Interactive, std::string(to_string(level))});
  }
  void reconnect() override { ++reconnects; }
  void set(DeviceState s) {
    std::lock_guard l(mu);
    st = s;
  }
  void count(std::uint64_t ops, std::uint64_t errs, double paper, std::string err = {}) {
    std::lock_guard l(mu);
    c = UsageCounters{ops, errs, paper, std::move(err)};
  }
  std::atomic<int> reconnects{0};
  mutable std::mutex mu;
  DeviceState st = DeviceState::Online;
  UsageCounters c;
};

// Polls every 20 ms; a lost device is retried after `backoff_base`, doubling up to `backoff_cap`.
DeviceManagerConfig test_config(const std::filesystem::path& dir, std::chrono::milliseconds backoff_base = 40ms,
                                std::chrono::milliseconds backoff_cap = 160ms) {
  return dmtest::fast_config(dir, 20ms, backoff_base, backoff_cap);
}

// Starts `m` with a scripted ID card reader as its device, in `state` from the start.
std::shared_ptr<FakeAdapter> start_with_reader(DeviceManager& m, DeviceState state) {
  auto a = std::make_shared<FakeAdapter>();
  a->set(state);
  m.add(DeviceSpec{"idcard", "idcard", "serial", "/dev/null", 0, 0, {}}, a);
  m.start();
  return a;
}
}  // namespace

TEST_CASE("state changes become events, with the last error") {
  const TempDir dir("dm-events");
  DeviceManager m(test_config(dir.path));
  auto a = std::make_shared<FakeAdapter>();
  std::mutex mu;
  std::vector<DeviceEvent> events;
  m.on_event([&](const DeviceEvent& e) {
    std::lock_guard l(mu);
    events.push_back(e);
  });
  m.add(DeviceSpec{"printer", "receipt_printer", "tcp", "127.0.0.1:9100", 0, 0, {}}, a);
  m.poll_now();
  a->count(0, 1, 0, "paper out");
  a->set(DeviceState::UserError);
  m.poll_now();
  a->set(DeviceState::Online);
  m.poll_now();
  std::lock_guard l(mu);
  REQUIRE(events.size() == 3);
  CHECK(events[0].to == DeviceState::Online);
  CHECK(events[1].from == DeviceState::Online);
  CHECK(events[1].to == DeviceState::UserError);
  CHECK(events[1].detail == "paper out");
  CHECK(events[2].to == DeviceState::Online);
  const auto v = m.device("printer");
  REQUIRE(v);
  CHECK(v->identity.model == "TP-80");
  CHECK(v->counters.errors == 1);
  REQUIRE(v->recent_errors.size() == 1);
  CHECK(v->recent_errors[0].text == "paper out");
}

TEST_CASE("a vanished device is retried with growing waits up to the cap, and not once it is back") {
  const TempDir dir("dm-backoff");
  DeviceManager m(test_config(dir.path, 100ms, 400ms));
  auto a = start_with_reader(m, DeviceState::NoDevice);
  std::this_thread::sleep_for(1500ms);
  const int tries = a->reconnects.load();
  // Waits 100, 200, 400, 400…: about 4–5 tries in 1.5 s; polling every 20 ms without backoff would be ~75.
  CHECK(tries >= 2);
  CHECK(tries <= 7);
  auto v = m.device("idcard");
  REQUIRE(v);
  CHECK(v->retry_in_ms.has_value());
  CHECK(*v->retry_in_ms <= 400);
  a->set(DeviceState::Online);
  std::this_thread::sleep_for(200ms);
  const int after = a->reconnects.load();
  std::this_thread::sleep_for(500ms);
  CHECK(a->reconnects.load() == after);
  CHECK_FALSE(m.device("idcard")->retry_in_ms.has_value());
  m.stop();
}

TEST_CASE("reconnect_now cuts the backoff short") {
  const TempDir dir("dm-kick");
  DeviceManager m(test_config(dir.path, 10s, 10s));
  auto a = start_with_reader(m, DeviceState::Offline);
  std::this_thread::sleep_for(100ms);
  CHECK(a->reconnects.load() == 0);  // the first wait is 10 s
  m.reconnect_now("idcard");
  for (int i = 0; i < 100 && a->reconnects.load() == 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(a->reconnects.load() == 1);
  m.stop();
}

TEST_CASE("counters survive a restart of the manager and of the driver") {
  const TempDir dir("dm-counters");
  {
    DeviceManager m(test_config(dir.path));
    auto a = std::make_shared<FakeAdapter>();
    m.add(DeviceSpec{"printer", "receipt_printer", "", "", 0, 0, {}}, a);
    a->count(5, 1, 2.5);
    m.poll_now();
    m.save_counters();
  }
  const auto j = nlohmann::json::parse(std::ifstream(dir.path / "device_counters.json"));
  CHECK(j["devices"]["printer"]["operations"] == 5);
  DeviceManager m(test_config(dir.path));
  auto a = std::make_shared<FakeAdapter>();  // a restarted driver counts from zero again
  m.add(DeviceSpec{"printer", "receipt_printer", "", "", 0, 0, {}}, a);
  a->count(3, 0, 1.0);
  m.poll_now();
  a->count(4, 0, 0.2);  // a new roll: the paper counter dropped
  m.poll_now();
  const auto v = m.device("printer");
  REQUIRE(v);
  CHECK(v->counters.operations == 9);
  CHECK(v->counters.errors == 1);
  CHECK(v->counters.paper_m == doctest::Approx(3.7));
  CHECK_FALSE(v->counters.first_seen.empty());
}

TEST_CASE("health checks and actions run off the caller's thread and report back") {
  const TempDir dir("dm-health");
  DeviceManager m(test_config(dir.path));
  auto a = std::make_shared<FakeAdapter>();
  m.add(DeviceSpec{"printer", "receipt_printer", "", "", 0, 0, {}}, a);
  std::promise<HealthResult> p;
  m.check_health("printer", HealthLevel::External, [&](HealthResult r) { p.set_value(r); });
  auto r = p.get_future().get();
  CHECK(r.passed);
  CHECK(r.text == "external");
  std::promise<HealthResult> q;
  m.check_health("nosuch", HealthLevel::Internal, [&](HealthResult x) { q.set_value(x); });
  CHECK_FALSE(q.get_future().get().passed);
  m.stop();
}
