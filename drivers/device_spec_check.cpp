// check_spec: whether a device's config entry can be built (device_adapters.hpp).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "drivers/device_adapters.hpp"
#include "drivers/transport/tcp_transport.hpp"

namespace ow::drivers {

namespace {
DeviceResult<void> bad(const std::string& text) { return device_error(DeviceErrorCode::Unsupported, text); }

// The transports each family takes ("" is the family's default).
const std::map<std::string, std::vector<std::string>>& family_transports() {
  static const std::map<std::string, std::vector<std::string>> k{
      {"idcard", {"", "serial", "usb_bulk", "usb_hid"}},
      {"receipt_printer", {"", "serial", "usb_bulk", "usb_hid", "usb", "tcp"}},
      {"a4_printer", {"", "ipp"}},
      {"camera", {"", "v4l2"}},
      {"scanner", {"", "sane"}},
      {"sscard", {"", "pcsc"}},
      {"barcode", {"", "serial"}},
  };
  return k;
}

// Options read as numbers by make_adapter.
constexpr const char* kNumericOptions[] = {"baud", "reconnect_ms", "idle_check_ms", "poll_cards", "connect_timeout_ms",
                                           "width_dots", "idle_poll_ms", "width", "height", "fps", "frame_repeat",
                                           "max_bytes", "partial_timeout_ms"};
}  // namespace

DeviceResult<void> check_spec(const DeviceSpec& spec) {
  const auto& families = family_transports();
  const auto f = families.find(spec.family);
  if (f == families.end()) return bad("family: unknown family \"" + spec.family + "\"");
  if (std::find(f->second.begin(), f->second.end(), spec.transport) == f->second.end()) {
    std::string allowed;
    for (const auto& t : f->second)
      if (!t.empty()) allowed += (allowed.empty() ? "" : ", ") + t;
    return bad("transport: \"" + spec.transport + "\" is not one of " + allowed + " for a " + spec.family);
  }
  for (const char* key : kNumericOptions) {
    const auto it = spec.options.find(key);
    if (it == spec.options.end()) continue;
    const std::string& v = it->second;
    const bool digits = !v.empty() && v.size() <= 9 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) return bad(std::string("options.") + key + ": \"" + v + "\" is not a number");
  }
  const bool usb = spec.transport == "usb_bulk" || spec.transport == "usb_hid";
  if (spec.transport == "tcp") {
    std::string host;
    std::uint16_t port = 0;
    // The port is written out: a bare word is more likely a mistake than a host on 9100.
    if (spec.port.find(':') == std::string::npos || !parse_host_port(spec.port, host, port)) return bad("port: \"" + spec.port + "\" is not host:port");
  } else if (usb) {
    if (spec.usb_vendor == 0 || spec.usb_product == 0) return bad("usb_vendor: a " + spec.transport + " transport needs usb_vendor and usb_product");
  } else if (spec.port.empty() && spec.transport != "usb" && spec.family != "sscard" &&
             !(spec.family == "camera" && spec.usb_vendor != 0)) {
    return bad("port: a " + spec.family + " needs a port");
  }
  return {};
}

}  // namespace ow::drivers
