#pragma once
// The USB devices OneWindow knows by vendor:product id. One table serves the device manager (what
// a hotplugged device is) and the packaging (the udev rules that give the kiosk's group access and
// make stable /dev/onewindow/<link> names). Add a device here, rebuild, and both follow.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ow::drivers {

enum class DeviceFamily {
  IdCard,          // GA 467 SAM ID card reader with its own USB id
  ReceiptPrinter,  // ESC/POS receipt printer on USB bulk
  Camera,          // document camera (高拍仪) or face camera, UVC
  Scanner,         // flatbed / sheet-fed scanner (SANE)
  Barcode,         // QR / barcode scanner (HID or USB CDC)
  SerialBridge,    // USB-serial converter that serial devices (often ID card readers) sit behind
};

struct KnownDevice {
  std::uint16_t vendor = 0, product = 0;
  DeviceFamily family = DeviceFamily::IdCard;
  std::string_view model;  // for the technician: "Epson TM-T88 series"
  // The stable name under /dev/onewindow/ ("idcard", "printer", …); serial bridges get
  // "serial-<usb port path>" instead, because the bridge says nothing about what sits behind it.
  std::string_view link;
};

std::span<const KnownDevice> known_devices();
std::optional<KnownDevice> find_known_device(std::uint16_t vendor, std::uint16_t product);
std::string_view to_string(DeviceFamily family);

}  // namespace ow::drivers
