#pragma once
// An in-memory Transport for tests: the test plays the device. FakeLink is the wire, shared by
// the test (device side) and the FakeTransport a driver owns (host side). Bytes the host writes
// are recorded and may be answered at once by a responder (a fake device); bytes the device
// sends wait for the host's reads. Unplugging makes open() fail NoDevice and an open port's
// reads and writes fail Io, as a vanished serial port does. No threads, ptys or sleeps: reads
// wait on a condition variable for at most their timeout.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/transport/transport.hpp"

namespace ow::drivers {

class FakeLink : public std::enable_shared_from_this<FakeLink> {
 public:
  // Called on the writing (driver's) thread with each write; returns the device's answer.
  using Responder = std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t> written)>;

  static std::shared_ptr<FakeLink> create(std::string description = "fake");
  // The host end, for the driver. One at a time: a new one replaces the old one's state.
  std::unique_ptr<Transport> transport();

  void set_responder(Responder responder);
  // The device sends bytes (a scan, an unsolicited status): the host's next read gets them.
  void device_send(std::span<const std::uint8_t> bytes);
  void device_send(std::string_view text);
  // Unplugged: open fails NoDevice, reads and writes on the open port fail Io.
  void set_present(bool present);

  bool is_open() const;
  int opens() const;                            // successful open() calls so far
  std::vector<std::uint8_t> received() const;   // everything the host wrote
  void clear_received();
  // Waits until `done(received())` holds, at most `timeout`.
  bool wait_received(const std::function<bool(const std::vector<std::uint8_t>&)>& done, Millis timeout) const;
  bool wait_open(bool open, Millis timeout) const;

 private:
  friend class FakeTransport;
  explicit FakeLink(std::string description) : description_(std::move(description)) {}
  std::string description_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::mutex responder_mu_;  // the responder runs under this, not mu_ (it may call device_send)
  Responder responder_;
  std::deque<std::uint8_t> to_host_;
  std::vector<std::uint8_t> received_;
  bool present_ = true, open_ = false;
  int opens_ = 0;
};

}  // namespace ow::drivers
