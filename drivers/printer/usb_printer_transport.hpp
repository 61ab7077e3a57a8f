#pragma once
// A USB printer-class (class 7) receipt printer through libusb: found by VID:PID or as the first
// printer interface, bulk OUT for ESC/POS data and bulk IN for status replies (bidirectional
// protocol 2), endpoints read from the descriptors, the kernel's usblp detached on claim.
#include <cstdint>
#include <string>

#include "drivers/transport/transport.hpp"

struct libusb_context;
struct libusb_device_handle;

namespace ow::drivers::printer {

struct UsbPrinterConfig {
  std::uint16_t vendor = 0, product = 0;  // 0:0 = the first printer-class interface found
};

class UsbPrinterTransport final : public Transport {
 public:
  explicit UsbPrinterTransport(UsbPrinterConfig config) : config_(config) {}
  ~UsbPrinterTransport() override;
  UsbPrinterTransport(const UsbPrinterTransport&) = delete;
  UsbPrinterTransport& operator=(const UsbPrinterTransport&) = delete;

  DeviceResult<void> open() override;
  void close() override;
  bool is_open() const override { return handle_ != nullptr; }
  DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis timeout) override;
  // Unsupported on a unidirectional printer (no bulk IN): it cannot report paper status.
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) override;
  void discard_input() override;
  double bytes_per_second() const override { return 1.0e6; }
  std::string describe() const override;

  // The IEEE 1284 device ID ("MFG:…;MDL:…;CMD:ESC/POS;"), read on open; empty if the printer has none.
  const std::string& device_id() const { return device_id_; }

 private:
  UsbPrinterConfig config_;
  libusb_context* ctx_ = nullptr;
  libusb_device_handle* handle_ = nullptr;
  int interface_ = -1;
  std::uint8_t ep_out_ = 0, ep_in_ = 0;
  std::uint16_t found_vendor_ = 0, found_product_ = 0;
  std::string device_id_;
};

}  // namespace ow::drivers::printer
