#pragma once
// Every thread's top level runs inside guarded(): an exception escaping a thread's function would
// call std::terminate and take the whole kiosk (screen, queue, devices) down with it. A guarded
// body that throws is reported to the process's fault handler (the kiosk logs it) and ends; loops
// that must survive one bad job guard each job instead.
#include <exception>
#include <string_view>

namespace ow {

using ThreadFaultHandler = void (*)(std::string_view thread, std::string_view what);

// Set once at start-up (before threads start); the default writes one line to stderr.
void set_thread_fault_handler(ThreadFaultHandler handler);
void report_thread_fault(std::string_view thread, std::string_view what) noexcept;

template <class F>
void guarded(std::string_view thread, F&& body) noexcept {
  try {
    body();
  } catch (const std::exception& e) {
    report_thread_fault(thread, e.what());
  } catch (...) {
    report_thread_fault(thread, "an exception that is not a std::exception");
  }
}

}  // namespace ow
