#pragma once
// What the device manager tests share: a manager that polls and backs off fast and finds no real
// ports or USB devices, and waiting for a device's state, a health check or an action.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>

#include "drivers/device_manager.hpp"
#include "tests/temp_dir.hpp"

namespace ow::dmtest {

// Counters kept in `dir`, which also stands for /dev and /sys (so no serial port or USB device of
// the machine shows up), polling every `poll` and retrying a lost device after `backoff_base`,
// doubling up to `backoff_cap`.
inline drivers::DeviceManagerConfig fast_config(const std::filesystem::path& dir, std::chrono::milliseconds poll,
                                                std::chrono::milliseconds backoff_base, std::chrono::milliseconds backoff_cap) {
  drivers::DeviceManagerConfig c;
  c.counters_file = dir / "device_counters.json";
  c.usb = false;
  c.poll_interval = poll;
  c.backoff_base = backoff_base;
  c.backoff_cap = backoff_cap;
  c.dev_root = dir;
  c.sysfs_root = dir;
  return c;
}

// Whether device `name` reaches one of `states` within `timeout`.
inline bool wait_state(drivers::DeviceManager& m, const std::string& name, std::initializer_list<drivers::DeviceState> states,
                       std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (auto v = m.device(name))
      for (auto s : states)
        if (v->state == s) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Starts a health check or an action through `start`, which passes on the callback it is given,
// and waits for the result; one that does not come within `timeout` fails the test.
template <class Result, class Start>
Result result_of(Start start, std::chrono::milliseconds timeout) {
  auto p = std::make_shared<std::promise<Result>>();
  auto f = p->get_future();
  start([p](Result r) { p->set_value(std::move(r)); });
  REQUIRE(f.wait_for(timeout) == std::future_status::ready);
  return f.get();
}

inline drivers::HealthResult health(drivers::DeviceManager& m, const std::string& name, drivers::HealthLevel level,
                                    std::chrono::milliseconds timeout) {
  return result_of<drivers::HealthResult>([&](auto done) { m.check_health(name, level, done); }, timeout);
}

inline drivers::ActionResult action(drivers::DeviceManager& m, const std::string& name, const std::string& id,
                                    std::chrono::milliseconds timeout) {
  return result_of<drivers::ActionResult>([&](auto done) { m.run_action(name, id, done); }, timeout);
}

}  // namespace ow::dmtest
