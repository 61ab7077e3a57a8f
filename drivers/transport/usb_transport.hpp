#pragma once
// USB through libusb: vendor bulk endpoints, or a HID interface carrying the same byte stream in
// fixed 64-byte interrupt reports. The kernel driver (usblp, usbhid, …) is detached on claim.
#include <array>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "drivers/transport/transport.hpp"

struct libusb_context;
struct libusb_device_handle;

namespace ow::drivers {

inline constexpr std::size_t kHidReportSize = 64;

// "vvvv:pppp", as lsusb and udev rules write a device's vendor and product ids.
std::string usb_id(std::uint16_t vendor, std::uint16_t product);

// A byte stream cut into HID reports, the last one zero-padded (the frame parser skips padding).
std::vector<std::array<std::uint8_t, kHidReportSize>> split_into_hid_reports(std::span<const std::uint8_t> bytes);

class UsbTransport final : public Transport {
 public:
  explicit UsbTransport(TransportConfig config);
  ~UsbTransport() override;
  UsbTransport(const UsbTransport&) = delete;
  UsbTransport& operator=(const UsbTransport&) = delete;

  DeviceResult<void> open() override;
  void close() override;
  bool is_open() const override { return handle_ != nullptr; }
  DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis timeout) override;
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) override;
  void discard_input() override;
  double bytes_per_second() const override;
  std::string describe() const override;

 private:
  bool hid() const { return config_.kind == TransportKind::UsbHid; }
  DeviceResult<void> transfer(std::uint8_t endpoint, std::uint8_t* data, int length, int* done, Millis timeout);

  TransportConfig config_;
  libusb_context* ctx_ = nullptr;
  libusb_device_handle* handle_ = nullptr;
  bool claimed_ = false;
  std::vector<std::uint8_t> pending_;  // received beyond what the caller asked for
};

// Tells when a device with this vendor:product arrives or leaves (libusb hotplug), from its own
// event thread. The callback must be quick: it only wakes the device's worker.
class UsbHotplugMonitor {
 public:
  using Callback = std::function<void(bool arrived)>;
  UsbHotplugMonitor() = default;
  ~UsbHotplugMonitor() { stop(); }
  UsbHotplugMonitor(const UsbHotplugMonitor&) = delete;
  UsbHotplugMonitor& operator=(const UsbHotplugMonitor&) = delete;

  // Unsupported when the platform's libusb has no hotplug; the owner then polls by reopening.
  DeviceResult<void> start(std::uint16_t vendor, std::uint16_t product, Callback callback);
  void stop();

  // libusb's C callback; public only so the .cpp's trampoline can reach it.
  void notify(bool arrived) { if (callback_) callback_(arrived); }

 private:
  libusb_context* ctx_ = nullptr;
  int handle_ = 0;
  std::atomic<bool> running_{false};
  std::thread thread_;
  Callback callback_;
};

}  // namespace ow::drivers
