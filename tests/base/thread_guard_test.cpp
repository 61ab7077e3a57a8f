// A thread whose body throws is reported and ends; the process goes on (without the guard,
// std::terminate would end this test binary).
#include "base/thread_guard.hpp"

#include <doctest/doctest.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {
std::mutex g_mutex;
std::vector<std::string> g_reports;
void record(std::string_view thread, std::string_view what) {
  std::lock_guard lock(g_mutex);
  g_reports.push_back(std::string(thread) + ": " + std::string(what));
}
}  // namespace

TEST_CASE("an exception escaping a guarded thread is reported and the process goes on") {
  ow::set_thread_fault_handler(&record);
  std::thread t([] { ow::guarded("printer", [] { throw std::runtime_error("status reply out of range"); }); });
  t.join();
  std::thread u([] { ow::guarded("scanner", [] { throw 42; }); });
  u.join();
  int ran = 0;
  std::thread v([&ran] { ow::guarded("quiet", [&ran] { ++ran; }); });
  v.join();
  ow::set_thread_fault_handler(nullptr);
  std::lock_guard lock(g_mutex);
  REQUIRE(g_reports.size() == 2);
  CHECK(g_reports[0] == "printer: status reply out of range");
  CHECK(g_reports[1].rfind("scanner: ", 0) == 0);
  CHECK(ran == 1);
}

TEST_CASE("a fault handler that throws does not end the thread's guard") {
  ow::set_thread_fault_handler([](std::string_view, std::string_view) { throw std::runtime_error("log full"); });
  bool went_on = false;
  std::thread t([&went_on] {
    ow::guarded("sync", [] { throw std::runtime_error("x"); });
    went_on = true;
  });
  t.join();
  ow::set_thread_fault_handler(nullptr);
  CHECK(went_on);
}
