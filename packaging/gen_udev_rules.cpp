// Writes the udev rules file from the known-device table (drivers/known_devices.cpp), so the rules
// the package installs and the devices the kiosk recognises cannot drift apart.
//   ow_gen_udev_rules OUT_FILE
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "drivers/known_devices.hpp"

namespace {
using ow::drivers::DeviceFamily;

std::string hex4(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", v & 0xFFFFu);
  return buf;
}

constexpr const char* kAccess = R"(MODE="0660", GROUP="onewindow")";

void device_rules(std::ostream& out, const ow::drivers::KnownDevice& d) {
  const std::string ids = "ATTRS{idVendor}==\"" + hex4(d.vendor) + "\", ATTRS{idProduct}==\"" + hex4(d.product) + "\"";
  out << "# " << ow::drivers::to_string(d.family) << ": " << d.model << "\n";
  if (d.family == DeviceFamily::SerialBridge) {
    // What sits behind a bridge is unknown; the USB port path names it stably instead.
    out << "SUBSYSTEM==\"tty\", " << ids << ", IMPORT{builtin}=\"path_id\", " << kAccess
        << ", SYMLINK+=\"onewindow/serial-$env{ID_PATH_TAG}\"\n";
    return;
  }
  // libusb opens the USB device node; usb_hid readers and HID scanners are also reached via hidraw,
  // printers bound to the kernel's usblp driver via /dev/usb/lp*.
  out << "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", " << ids << ", " << kAccess << ", SYMLINK+=\"onewindow/"
      << d.link << "\"\n";
  if (d.family == DeviceFamily::IdCard || d.family == DeviceFamily::Barcode)
    out << "SUBSYSTEM==\"hidraw\", " << ids << ", " << kAccess << ", SYMLINK+=\"onewindow/" << d.link << "-hid\"\n";
  if (d.family == DeviceFamily::ReceiptPrinter)
    out << "SUBSYSTEM==\"usbmisc\", KERNEL==\"lp[0-9]*\", " << ids << ", " << kAccess << ", SYMLINK+=\"onewindow/"
        << d.link << "-lp\"\n";
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_FILE\n", argv[0]);
    return 2;
  }
  std::ostringstream out;
  out << "# OneWindow kiosk devices. Generated from drivers/known_devices.cpp at build time; do not edit.\n"
         "# A device not listed: add the same kind of line to /etc/udev/rules.d/71-onewindow-local.rules.\n"
         "ACTION==\"remove\", GOTO=\"onewindow_end\"\n\n";
  for (const auto& d : ow::drivers::known_devices()) device_rules(out, d);
  out << "\n# Cameras (document camera, face camera): every UVC capture device.\n"
         "SUBSYSTEM==\"video4linux\", ENV{ID_V4L_CAPABILITIES}==\"*:capture:*\", "
      << kAccess
      << "\n# Scanners: libsane1's rules give the \"scanner\" group access; onewindow is a member.\n"
         "\nLABEL=\"onewindow_end\"\n";
  std::ofstream f(argv[1], std::ios::binary | std::ios::trunc);
  f << out.str();
  f.close();
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
