#pragma once
// Serial port through termios, raw 8N1 at a configurable baud; works on USB-serial bridges and on
// the slave side of a pty (the device simulator).
#include <string>

#include "drivers/transport/transport.hpp"

namespace ow::drivers {

class SerialTransport final : public Transport {
 public:
  SerialTransport(std::string path, unsigned baud) : path_(std::move(path)), baud_(baud) {}
  ~SerialTransport() override { close(); }
  SerialTransport(const SerialTransport&) = delete;
  SerialTransport& operator=(const SerialTransport&) = delete;

  DeviceResult<void> open() override;
  void close() override;
  bool is_open() const override { return fd_ >= 0; }
  DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis timeout) override;
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) override;
  void discard_input() override;
  double bytes_per_second() const override { return baud_ / 10.0; }
  std::string describe() const override;

 private:
  std::string path_;
  unsigned baud_;
  int fd_ = -1;
};

// Whether termios has a speed constant for this baud rate.
bool serial_baud_supported(unsigned baud);

}  // namespace ow::drivers
