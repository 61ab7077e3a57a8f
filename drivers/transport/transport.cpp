#include "drivers/transport/transport.hpp"

#include "drivers/transport/serial_transport.hpp"
#include "drivers/transport/usb_transport.hpp"

namespace ow::drivers {

std::unique_ptr<Transport> make_transport(const TransportConfig& config) {
  if (config.kind == TransportKind::Serial) return std::make_unique<SerialTransport>(config.port, config.baud);
  return std::make_unique<UsbTransport>(config);
}

DeviceResult<void> read_exact(Transport& t, std::span<std::uint8_t> out, std::chrono::steady_clock::time_point deadline) {
  std::size_t done = 0;
  while (done < out.size()) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return device_error(DeviceErrorCode::Timeout, "reply incomplete");
    auto n = t.read(out.subspan(done), left);
    if (!n) return tl::unexpected(n.error());
    done += *n;
  }
  return {};
}

}  // namespace ow::drivers
