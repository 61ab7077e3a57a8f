#pragma once
// Raw TCP to a network printer (port 9100, "JetDirect"/AppSocket): the same byte stream as USB,
// with real-time status replies coming back on the same socket.
#include <cstdint>
#include <string>

#include "drivers/transport/transport.hpp"

namespace ow::drivers {

class TcpTransport final : public Transport {
 public:
  TcpTransport(std::string host, std::uint16_t port, Millis connect_timeout = Millis(2000))
      : host_(std::move(host)), port_(port), connect_timeout_(connect_timeout) {}
  ~TcpTransport() override { close(); }
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;

  // NoDevice when the host refuses or does not answer within the connect timeout.
  DeviceResult<void> open() override;
  void close() override;
  bool is_open() const override { return fd_ >= 0; }
  DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis timeout) override;
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) override;
  void discard_input() override;
  double bytes_per_second() const override { return 1.0e6; }
  std::string describe() const override { return "tcp " + host_ + ":" + std::to_string(port_); }

 private:
  std::string host_;
  std::uint16_t port_;
  Millis connect_timeout_;
  int fd_ = -1;
};

// "host:port" or "host" (port 9100); false when the port is not a number in 1–65535.
bool parse_host_port(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace ow::drivers
