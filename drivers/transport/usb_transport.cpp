#include "drivers/transport/usb_transport.hpp"
#include "base/thread_guard.hpp"

#include <libusb-1.0/libusb.h>

#include <algorithm>
#include <cstdio>

namespace ow::drivers {

namespace {

using Clock = std::chrono::steady_clock;

DeviceErrorCode code_for(int rc) {
  switch (rc) {
    case LIBUSB_ERROR_TIMEOUT: return DeviceErrorCode::Timeout;
    case LIBUSB_ERROR_NOT_FOUND: return DeviceErrorCode::NoDevice;
    case LIBUSB_ERROR_BUSY: return DeviceErrorCode::Busy;
    default: return DeviceErrorCode::Io;  // NO_DEVICE (unplugged), PIPE, OVERFLOW, IO, …
  }
}

unsigned timeout_ms(Millis t) { return static_cast<unsigned>(std::max<Millis::rep>(1, t.count())); }

}  // namespace

std::string usb_id(std::uint16_t vendor, std::uint16_t product) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", vendor, product);
  return buf;
}

std::vector<std::array<std::uint8_t, kHidReportSize>> split_into_hid_reports(std::span<const std::uint8_t> bytes) {
  std::vector<std::array<std::uint8_t, kHidReportSize>> reports;
  for (std::size_t at = 0; at < bytes.size(); at += kHidReportSize) {
    std::array<std::uint8_t, kHidReportSize> r{};
    const std::size_t n = std::min(kHidReportSize, bytes.size() - at);
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), n, r.begin());
    reports.push_back(r);
  }
  return reports;
}

UsbTransport::UsbTransport(TransportConfig config) : config_(std::move(config)) {}

UsbTransport::~UsbTransport() {
  close();
  if (ctx_) libusb_exit(ctx_);
}

std::string UsbTransport::describe() const {
  return std::string(hid() ? "usb-hid " : "usb ") + usb_id(config_.usb_vendor, config_.usb_product);
}

double UsbTransport::bytes_per_second() const {
  // Full-speed bulk moves ~1 MB/s; HID interrupt endpoints one 64-byte report per 1 ms frame.
  return hid() ? 64000.0 : 1000000.0;
}

DeviceResult<void> UsbTransport::open() {
  close();
  if (!ctx_) {
    const int rc = libusb_init(&ctx_);
    if (rc != 0) {
      ctx_ = nullptr;
      return device_error(DeviceErrorCode::NoDevice, std::string("libusb_init: ") + libusb_error_name(rc));
    }
  }
  handle_ = libusb_open_device_with_vid_pid(ctx_, config_.usb_vendor, config_.usb_product);
  if (!handle_) return device_error(DeviceErrorCode::NoDevice, "no USB device " + describe());
  // Linux binds usbhid / cdc drivers to many readers; libusb detaches them on claim and
  // reattaches on release.
  libusb_set_auto_detach_kernel_driver(handle_, 1);
  const int rc = libusb_claim_interface(handle_, config_.usb_interface);
  if (rc != 0) {
    auto err = device_error(code_for(rc), std::string("claim interface: ") + libusb_error_name(rc));
    close();
    return err;
  }
  claimed_ = true;
  pending_.clear();
  return {};
}

void UsbTransport::close() {
  if (!handle_) return;
  if (claimed_) libusb_release_interface(handle_, config_.usb_interface);
  claimed_ = false;
  libusb_close(handle_);
  handle_ = nullptr;
  pending_.clear();
}

DeviceResult<void> UsbTransport::transfer(std::uint8_t endpoint, std::uint8_t* data, int length, int* done,
                                          Millis timeout) {
  const int rc = hid() ? libusb_interrupt_transfer(handle_, endpoint, data, length, done, timeout_ms(timeout))
                       : libusb_bulk_transfer(handle_, endpoint, data, length, done, timeout_ms(timeout));
  if (rc == 0 || (rc == LIBUSB_ERROR_TIMEOUT && *done > 0)) return {};
  return device_error(code_for(rc), std::string("usb transfer: ") + libusb_error_name(rc));
}

DeviceResult<void> UsbTransport::write(std::span<const std::uint8_t> bytes, Millis timeout) {
  if (!handle_) return device_error(DeviceErrorCode::Io, "port is not open");
  const auto deadline = Clock::now() + timeout;
  auto left = [&] { return std::chrono::duration_cast<Millis>(deadline - Clock::now()); };
  if (hid()) {
    for (auto& report : split_into_hid_reports(bytes)) {
      int done = 0;
      if (auto r = transfer(config_.usb_ep_out, report.data(), static_cast<int>(report.size()), &done, left()); !r)
        return r;
    }
    return {};
  }
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());  // libusb wants a mutable buffer
  std::size_t at = 0;
  while (at < copy.size()) {
    int done = 0;
    if (auto r = transfer(config_.usb_ep_out, copy.data() + at, static_cast<int>(copy.size() - at), &done, left()); !r)
      return r;
    at += static_cast<std::size_t>(done);
    if (left().count() <= 0 && at < copy.size()) return device_error(DeviceErrorCode::Timeout, "write timed out");
  }
  return {};
}

DeviceResult<std::size_t> UsbTransport::read(std::span<std::uint8_t> out, Millis timeout) {
  if (!handle_) return device_error(DeviceErrorCode::Io, "port is not open");
  if (pending_.empty()) {
    // A full packet must be requested or the host controller reports an overflow.
    std::vector<std::uint8_t> buf(hid() ? kHidReportSize : 4096);
    int done = 0;
    if (auto r = transfer(config_.usb_ep_in, buf.data(), static_cast<int>(buf.size()), &done, timeout); !r)
      return tl::unexpected(r.error());
    if (done == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
    pending_.assign(buf.begin(), buf.begin() + done);
  }
  const std::size_t n = std::min(out.size(), pending_.size());
  std::copy_n(pending_.begin(), n, out.begin());
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  return n;
}

void UsbTransport::discard_input() {
  pending_.clear();
  if (!handle_) return;
  std::uint8_t sink[kHidReportSize];
  int done = 0;
  // Drain what the device already queued; a 1 ms timeout ends it.
  for (int i = 0; i < 64; ++i) {
    done = 0;
    if (!transfer(config_.usb_ep_in, sink, sizeof sink, &done, Millis(1)) || done == 0) break;
  }
}

namespace {
int LIBUSB_CALL hotplug_trampoline(libusb_context*, libusb_device*, libusb_hotplug_event event, void* user) {
  static_cast<UsbHotplugMonitor*>(user)->notify(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
  return 0;  // stay registered
}
}  // namespace

DeviceResult<void> UsbHotplugMonitor::start(std::uint16_t vendor, std::uint16_t product, Callback callback) {
  stop();
  if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG))
    return device_error(DeviceErrorCode::Unsupported, "libusb has no hotplug support here");
  if (int rc = libusb_init(&ctx_); rc != 0) {
    ctx_ = nullptr;
    return device_error(DeviceErrorCode::Io, std::string("libusb_init: ") + libusb_error_name(rc));
  }
  callback_ = std::move(callback);
  const int rc = libusb_hotplug_register_callback(
      ctx_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, LIBUSB_HOTPLUG_NO_FLAGS, vendor,
      product, LIBUSB_HOTPLUG_MATCH_ANY, hotplug_trampoline, this, &handle_);
  if (rc != LIBUSB_SUCCESS) {
    libusb_exit(ctx_);
    ctx_ = nullptr;
    return device_error(DeviceErrorCode::Io, std::string("hotplug register: ") + libusb_error_name(rc));
  }
  running_ = true;
  thread_ = std::thread([this] {
    guarded("usb hotplug", [this] {
      while (running_) {
        timeval tv{0, 200000};  // wakes to notice stop()
        libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
      }
    });
  });
  return {};
}

void UsbHotplugMonitor::stop() {
  if (!ctx_) return;
  running_ = false;
  if (thread_.joinable()) thread_.join();
  libusb_hotplug_deregister_callback(ctx_, handle_);
  libusb_exit(ctx_);
  ctx_ = nullptr;
}

}  // namespace ow::drivers
