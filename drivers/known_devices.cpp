#include "drivers/known_devices.hpp"

#include <array>

namespace ow::drivers {

namespace {
// Ids from the vendors' documentation and the public USB id lists. A kiosk model with a device not
// listed here still works when its id is put in the config; listing it adds the udev access rule.
// UVC cameras and SANE scanners are reached by device class instead (video4linux, and libsane1's
// own rules with the "scanner" group), so they need no entry to work.
constexpr std::array kDevices{
    KnownDevice{0x0400, 0xc35a, DeviceFamily::IdCard, "GA 467 USB SAM ID card reader (CVR-100U class)", "idcard"},
    KnownDevice{0x04b8, 0x0202, DeviceFamily::ReceiptPrinter, "Epson TM-T88 series receipt printer", "printer"},
    KnownDevice{0x0416, 0x5011, DeviceFamily::ReceiptPrinter, "POS-58/POS-80 receipt printer (Winbond controller)", "printer"},
    KnownDevice{0x0fe6, 0x811e, DeviceFamily::ReceiptPrinter, "Xprinter / Gprinter receipt printer", "printer"},
    KnownDevice{0x0519, 0x0003, DeviceFamily::ReceiptPrinter, "Star TSP100 series receipt printer", "printer"},
    KnownDevice{0x05e0, 0x1200, DeviceFamily::Barcode, "Symbol / Zebra barcode scanner", "barcode"},
    KnownDevice{0x0c2e, 0x0b61, DeviceFamily::Barcode, "Honeywell Xenon 1900 series QR scanner", "barcode"},
    KnownDevice{0x05e0, 0x0600, DeviceFamily::Barcode, "Symbol / Zebra scanner, serial (COM port) emulation", "barcode"},
    KnownDevice{0x05e0, 0x1701, DeviceFamily::Barcode, "Symbol / Zebra DS4308 QR scanner", "barcode"},
    KnownDevice{0x05f9, 0x4204, DeviceFamily::Barcode, "Datalogic QuickScan QD2400 series scanner", "barcode"},
    KnownDevice{0x1eab, 0x1d06, DeviceFamily::Barcode, "Newland NLS-FM430 QR scanner", "barcode"},
    KnownDevice{0x1a86, 0x7523, DeviceFamily::SerialBridge, "QinHeng CH340 USB-serial", ""},
    KnownDevice{0x067b, 0x2303, DeviceFamily::SerialBridge, "Prolific PL2303 USB-serial", ""},
    KnownDevice{0x10c4, 0xea60, DeviceFamily::SerialBridge, "Silicon Labs CP210x USB-serial", ""},
    KnownDevice{0x0403, 0x6001, DeviceFamily::SerialBridge, "FTDI FT232 USB-serial", ""},
};
}  // namespace

std::span<const KnownDevice> known_devices() { return kDevices; }

std::optional<KnownDevice> find_known_device(std::uint16_t vendor, std::uint16_t product) {
  for (const auto& d : kDevices) {
    if (d.vendor == vendor && d.product == product) return d;
  }
  return std::nullopt;
}

std::string_view to_string(DeviceFamily family) {
  switch (family) {
    case DeviceFamily::IdCard: return "idcard";
    case DeviceFamily::ReceiptPrinter: return "receipt_printer";
    case DeviceFamily::Camera: return "camera";
    case DeviceFamily::Scanner: return "scanner";
    case DeviceFamily::Barcode: return "barcode";
    case DeviceFamily::SerialBridge: return "serial_bridge";
  }
  return "?";
}

}  // namespace ow::drivers
