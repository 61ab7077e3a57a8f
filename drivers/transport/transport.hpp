#pragma once
// A byte pipe to a device, shared by every device family: serial (termios, also a pty) and USB
// (libusb bulk or HID reports). Reads return whatever arrived; framing is the protocol's job.
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "drivers/device_error.hpp"

namespace ow::drivers {

using Millis = std::chrono::milliseconds;

class Transport {
 public:
  virtual ~Transport() = default;

  // Opens (or reopens after a failure) the port. NoDevice when nothing is there.
  virtual DeviceResult<void> open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;

  // Writes every byte or fails: Timeout, or Io when the port went away (the caller closes it).
  virtual DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis timeout) = 0;
  // Waits up to `timeout` for at least one byte and returns how many were stored in `out`
  // (a partial read is normal). Timeout when nothing arrived, Io when the port went away.
  virtual DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) = 0;
  // Drops bytes already received and not yet read (stale replies after a timeout).
  virtual void discard_input() = 0;

  // Bytes the link carries per second, to size reply timeouts (serial: baud / 10).
  virtual double bytes_per_second() const = 0;
  // "serial /dev/ttyUSB0 @115200" — for logs and the technician screen.
  virtual std::string describe() const = 0;
};

enum class TransportKind { Serial, UsbBulk, UsbHid };

// Everything needed to build any transport; the fields a kind does not use are ignored.
struct TransportConfig {
  TransportKind kind = TransportKind::Serial;
  std::string port;          // serial: device path (a stable symlink such as /dev/idcard works)
  unsigned baud = 115200;    // serial
  std::uint16_t usb_vendor = 0, usb_product = 0;
  int usb_interface = 0;
  std::uint8_t usb_ep_out = 0x02, usb_ep_in = 0x81;
};

std::unique_ptr<Transport> make_transport(const TransportConfig& config);

// Reads exactly out.size() bytes before `deadline` (several partial reads).
DeviceResult<void> read_exact(Transport& t, std::span<std::uint8_t> out,
                              std::chrono::steady_clock::time_point deadline);

}  // namespace ow::drivers
