#include "drivers/printer/usb_printer_transport.hpp"

#include <libusb.h>

#include <algorithm>

#include "drivers/transport/usb_transport.hpp"

namespace ow::drivers::printer {

namespace {

using Clock = std::chrono::steady_clock;

struct Candidate {
  libusb_device* device = nullptr;
  int interface = -1, alt = 0;
  std::uint8_t ep_out = 0, ep_in = 0;
  std::uint16_t vendor = 0, product = 0;
};

// The first printer-class interface with a bulk OUT endpoint, on a device that matches.
bool find_printer_interface(libusb_device* dev, const UsbPrinterConfig& want, Candidate& out) {
  libusb_device_descriptor dd{};
  if (libusb_get_device_descriptor(dev, &dd) != 0) return false;
  if (want.vendor != 0 && (dd.idVendor != want.vendor || dd.idProduct != want.product)) return false;
  libusb_config_descriptor* cfg = nullptr;
  if (libusb_get_active_config_descriptor(dev, &cfg) != 0) return false;
  bool found = false;
  for (int i = 0; i < cfg->bNumInterfaces && !found; ++i) {
    const libusb_interface& itf = cfg->interface[i];
    for (int a = 0; a < itf.num_altsetting && !found; ++a) {
      const libusb_interface_descriptor& d = itf.altsetting[a];
      if (d.bInterfaceClass != LIBUSB_CLASS_PRINTER) continue;
      Candidate c{dev, d.bInterfaceNumber, d.bAlternateSetting, 0, 0, dd.idVendor, dd.idProduct};
      for (int e = 0; e < d.bNumEndpoints; ++e) {
        const libusb_endpoint_descriptor& ep = d.endpoint[e];
        if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
        if (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) {
          c.ep_in = ep.bEndpointAddress;
        } else {
          c.ep_out = ep.bEndpointAddress;
        }
      }
      // Prefer the bidirectional setting (protocol 2): only it can answer DLE EOT.
      if (c.ep_out != 0 && (c.ep_in != 0 || a + 1 == itf.num_altsetting)) {
        out = c;
        found = true;
      }
    }
  }
  libusb_free_config_descriptor(cfg);
  return found;
}

DeviceError usb_error(int rc, const std::string& what) {
  const auto code = rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_NOT_FOUND ? DeviceErrorCode::NoDevice
                    : rc == LIBUSB_ERROR_TIMEOUT                                 ? DeviceErrorCode::Timeout
                    : rc == LIBUSB_ERROR_BUSY                                    ? DeviceErrorCode::Busy
                                                                                 : DeviceErrorCode::Io;
  return DeviceError{code, what + ": " + libusb_error_name(rc)};
}

}  // namespace

UsbPrinterTransport::~UsbPrinterTransport() {
  close();
  if (ctx_) libusb_exit(ctx_);
}

std::string UsbPrinterTransport::describe() const {
  std::string s = "usb printer " + usb_id(found_vendor_ ? found_vendor_ : config_.vendor,
                                         found_product_ ? found_product_ : config_.product);
  if (!device_id_.empty()) s += " (" + device_id_.substr(0, 60) + ")";
  return s;
}

DeviceResult<void> UsbPrinterTransport::open() {
  close();
  if (!ctx_ && libusb_init(&ctx_) != 0) {
    ctx_ = nullptr;
    return device_error(DeviceErrorCode::Io, "libusb cannot start");
  }
  libusb_device** list = nullptr;
  const ssize_t n = libusb_get_device_list(ctx_, &list);
  if (n < 0) return tl::unexpected(usb_error(static_cast<int>(n), "list USB devices"));
  Candidate c;
  bool found = false;
  for (ssize_t i = 0; i < n && !found; ++i) found = find_printer_interface(list[i], config_, c);
  DeviceResult<void> result;
  if (!found) {
    result = device_error(DeviceErrorCode::NoDevice, config_.vendor ? "no USB printer " + usb_id(config_.vendor, config_.product)
                                                                    : "no USB printer-class device");
  } else if (const int rc = libusb_open(c.device, &handle_); rc != 0) {
    handle_ = nullptr;
    result = tl::unexpected(usb_error(rc, "open USB printer (permissions: see the udev rule)"));
  }
  libusb_free_device_list(list, 1);
  if (!result) return result;

  // usblp holds the interface on a stock kernel; let libusb detach it and give it back on release.
  libusb_set_auto_detach_kernel_driver(handle_, 1);
  if (const int rc = libusb_claim_interface(handle_, c.interface); rc != 0) {
    close();
    return tl::unexpected(usb_error(rc, "claim printer interface"));
  }
  interface_ = c.interface;
  if (c.alt != 0) libusb_set_interface_alt_setting(handle_, c.interface, c.alt);
  ep_out_ = c.ep_out;
  ep_in_ = c.ep_in;
  found_vendor_ = c.vendor;
  found_product_ = c.product;
  // Printer class GET_DEVICE_ID: a big-endian length, then the IEEE 1284 ID string.
  unsigned char id[1024];
  const int got = libusb_control_transfer(handle_, 0xA1, 0, 0, static_cast<std::uint16_t>((c.interface << 8) | c.alt), id,
                                          sizeof id, 1000);
  device_id_.clear();
  if (got > 2) {
    const int len = std::min(got, (id[0] << 8) | id[1]);
    if (len > 2) device_id_.assign(reinterpret_cast<const char*>(id + 2), static_cast<std::size_t>(len - 2));
  }
  return {};
}

void UsbPrinterTransport::close() {
  if (!handle_) return;
  if (interface_ >= 0) libusb_release_interface(handle_, interface_);
  libusb_close(handle_);
  handle_ = nullptr;
  interface_ = -1;
}

DeviceResult<void> UsbPrinterTransport::write(std::span<const std::uint8_t> bytes, Millis timeout) {
  if (!handle_) return device_error(DeviceErrorCode::Io, "USB printer is not open");
  const auto deadline = Clock::now() + timeout;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
    if (left <= 0) return device_error(DeviceErrorCode::Timeout, "printer accepted " + std::to_string(done) + " of " +
                                                                     std::to_string(bytes.size()) + " bytes in time");
    const int len = static_cast<int>(std::min<std::size_t>(bytes.size() - done, 16384));
    int sent = 0;
    const int rc = libusb_bulk_transfer(handle_, ep_out_, const_cast<std::uint8_t*>(bytes.data() + done), len, &sent,
                                        static_cast<unsigned>(left));
    // A timeout may still have moved part of the data: count it and go on until the deadline.
    done += static_cast<std::size_t>(std::max(sent, 0));
    if (rc == LIBUSB_ERROR_TIMEOUT) continue;
    if (rc != 0) return tl::unexpected(usb_error(rc, "bulk OUT"));
  }
  return {};
}

DeviceResult<std::size_t> UsbPrinterTransport::read(std::span<std::uint8_t> out, Millis timeout) {
  if (!handle_) return device_error(DeviceErrorCode::Io, "USB printer is not open");
  if (ep_in_ == 0) return device_error(DeviceErrorCode::Unsupported, "unidirectional USB printer: no status channel");
  if (out.empty()) return std::size_t{0};
  // Bulk IN must ask for a whole packet; extra bytes beyond `out` are not expected from DLE EOT.
  unsigned char buf[512];
  int got = 0;
  const int rc = libusb_bulk_transfer(handle_, ep_in_, buf, sizeof buf, &got, static_cast<unsigned>(std::max<long>(1, timeout.count())));
  if (rc == LIBUSB_ERROR_TIMEOUT && got == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
  if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) return tl::unexpected(usb_error(rc, "bulk IN"));
  if (got == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
  const std::size_t n = std::min(out.size(), static_cast<std::size_t>(got));
  std::copy(buf, buf + n, out.begin());
  return n;
}

void UsbPrinterTransport::discard_input() {
  if (!handle_ || ep_in_ == 0) return;
  unsigned char buf[512];
  int got = 0;
  for (int i = 0; i < 8; ++i) {
    if (libusb_bulk_transfer(handle_, ep_in_, buf, sizeof buf, &got, 2) != 0 || got == 0) return;
  }
}

}  // namespace ow::drivers::printer
