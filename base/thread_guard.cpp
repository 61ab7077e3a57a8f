#include "base/thread_guard.hpp"

#include <atomic>
#include <cstdio>
#include <string>

namespace ow {
namespace {
void to_stderr(std::string_view thread, std::string_view what) {
  std::fprintf(stderr, "thread %.*s stopped by an exception: %.*s\n", static_cast<int>(thread.size()), thread.data(),
               static_cast<int>(what.size()), what.data());
}
std::atomic<ThreadFaultHandler> g_handler{&to_stderr};
}  // namespace

void set_thread_fault_handler(ThreadFaultHandler handler) { g_handler.store(handler ? handler : &to_stderr); }

void report_thread_fault(std::string_view thread, std::string_view what) noexcept {
  try {
    g_handler.load()(thread, what);
  } catch (...) {
    to_stderr(thread, what);
  }
}

}  // namespace ow
