// What a DeviceSpec describes below the driver: its byte transport and its camera settings
// (device_adapters.hpp). make_adapter builds its drivers on them, and kioskctl's diagnostic commands
// open the same transports from the same checked specs.
#include "drivers/device_adapters.hpp"
#include "drivers/printer/usb_printer_transport.hpp"
#include "drivers/transport/tcp_transport.hpp"
#include "drivers/transport/usb_transport.hpp"

namespace ow::drivers {

DeviceResult<TransportConfig> transport_config(const DeviceSpec& spec) {
  TransportConfig t;
  if (spec.transport == "serial" || spec.transport.empty()) t.kind = TransportKind::Serial;
  else if (spec.transport == "usb_bulk") t.kind = TransportKind::UsbBulk;
  else if (spec.transport == "usb_hid") t.kind = TransportKind::UsbHid;
  else return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": transport " + spec.transport + " is not serial, usb_bulk or usb_hid");
  t.port = spec.port;
  t.baud = static_cast<unsigned>(spec.option_int("baud", 115200));
  t.usb_vendor = spec.usb_vendor;
  t.usb_product = spec.usb_product;
  if (t.kind == TransportKind::Serial && t.port.empty())
    return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": serial transport needs a port");
  if (t.kind != TransportKind::Serial && (t.usb_vendor == 0 || t.usb_product == 0))
    return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": USB transport needs usb_vendor and usb_product");
  return t;
}

DeviceResult<std::unique_ptr<Transport>> make_device_transport(const DeviceSpec& spec) {
  if (spec.transport == "tcp") {
    std::string host;
    std::uint16_t port = 0;
    if (!parse_host_port(spec.port, host, port))
      return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": port must be host:port for tcp");
    return std::unique_ptr<Transport>(std::make_unique<TcpTransport>(host, port, Millis(spec.option_int("connect_timeout_ms", 2000))));
  }
  if (spec.transport == "usb") {
    // The USB printer class; 0/0: the first printer-class device.
    return std::unique_ptr<Transport>(
        std::make_unique<printer::UsbPrinterTransport>(printer::UsbPrinterConfig{spec.usb_vendor, spec.usb_product}));
  }
  auto t = transport_config(spec);
  if (!t) return tl::unexpected(t.error());
  return make_transport(*t);
}

DeviceResult<camera::CameraConfig> camera_config(const DeviceSpec& spec) {
  camera::CameraConfig cc;
  cc.source = spec.port;
  if (cc.source.empty() && spec.usb_vendor) cc.source = "usb:" + usb_id(spec.usb_vendor, spec.usb_product);
  if (cc.source.empty()) return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": camera needs a port or USB id");
  cc.width = spec.option_int("width", 1280);
  cc.height = spec.option_int("height", 720);
  cc.fps = spec.option_int("fps", 15);
  cc.frame_repeat = spec.option_int("frame_repeat", 1);
  return cc;
}

}  // namespace ow::drivers
