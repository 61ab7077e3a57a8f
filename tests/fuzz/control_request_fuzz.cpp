// The control socket's request parser (kiosk/maintenance/control_request.hpp) on any line a local
// client could send: it never throws or crashes, and what it accepts is in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/maintenance/control_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ow::maintenance::control;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    auto r = parse_request_line(line);
    if (!r) {
      if (r.error().message.empty()) std::abort();
      return 0;
    }
    if (const auto* l = std::get_if<Logs>(&*r); l && l->max > kMaxLogLines) std::abort();
    if (const auto* h = std::get_if<Health>(&*r);
        h && (h->device.size() > kMaxDeviceName || h->level == ow::drivers::HealthLevel::Interactive))
      std::abort();
  } catch (...) {
    std::abort();  // the socket's thread must never see an exception from a request
  }
  return 0;
}
