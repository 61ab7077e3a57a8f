#pragma once
// One DeviceAdapter per family, over the drivers as they are. An adapter either borrows a driver
// someone else runs (adapt(), tests and tools) or owns one it built from a DeviceSpec
// (make_adapter). Drivers it builds do not reconnect on their own: reconnect() — called by the
// device manager's backoff — reopens them.
#include <filesystem>
#include <functional>
#include <memory>

#include "drivers/device_manager.hpp"

namespace ow::drivers {

namespace idcard { class Reader; }
namespace printer { class ReceiptPrinter; }
namespace smartcard { class PcscReader; class PcscApi; }
namespace barcode { class SerialScanner; }
namespace scanner { class SaneApi; }

// Borrowing adapters: the driver must outlive the adapter's registration.
std::shared_ptr<DeviceAdapter> adapt(idcard::Reader& reader);
std::shared_ptr<DeviceAdapter> adapt(printer::ReceiptPrinter& printer);
std::shared_ptr<DeviceAdapter> adapt(smartcard::PcscReader& reader);
std::shared_ptr<DeviceAdapter> adapt(barcode::SerialScanner& scanner);

// Writes the A4 test page PDF to the path given. The kiosk lays it out (its fonts and texts live
// above the drivers).
using A4TestPage = std::function<DeviceResult<void>(const std::filesystem::path& pdf)>;

// The byte transport for a device (tests: a FakeLink's end); null: the real one from the spec.
using TransportFactory = std::function<std::unique_ptr<Transport>(const DeviceSpec& spec)>;

// What some families need from the kiosk.
struct AdapterServices {
  A4TestPage a4_test_page;  // without it the A4 printer has no test page (its check says so)
  TransportFactory transports;  // idcard, receipt_printer and barcode
  std::shared_ptr<smartcard::PcscApi> pcsc;  // sscard; null: pcsc-lite (tests: a FakePcsc)
  std::shared_ptr<scanner::SaneApi> sane;    // scanner; null: libsane (tests: a FakeSaneBackend)
};

// Whether a spec can be built: known family, a transport that family takes, a port the
// transport can use (host:port for tcp), USB ids where needed, numeric options that are numbers.
// The message starts with the spec's field ("port: ", "options.baud: "); the caller names where
// the spec came from.
DeviceResult<void> check_spec(const DeviceSpec& spec);

// Below the driver (device_transport.cpp), for make_adapter and for tools that speak a device's
// protocol themselves; call check_spec first. The transport of a serial, usb_bulk or usb_hid spec:
DeviceResult<TransportConfig> transport_config(const DeviceSpec& spec);
// The byte transport of an idcard, receipt_printer or barcode spec (also tcp and the USB printer class).
DeviceResult<std::unique_ptr<Transport>> make_device_transport(const DeviceSpec& spec);
// A camera spec's source (its port, or usb:VVVV:PPPP from its USB ids) and live picture options.
DeviceResult<camera::CameraConfig> camera_config(const DeviceSpec& spec);

// Builds and starts the driver a config entry describes. Families: idcard, receipt_printer,
// a4_printer, camera, scanner, sscard, barcode. Unknown families or unusable ports are refused with a message.
DeviceResult<std::shared_ptr<DeviceAdapter>> make_adapter(const DeviceSpec& spec, const AdapterServices& services = {});
// The A4 printer (IPP): `spec.port` is the printer URI (device_adapter_a4.cpp).
DeviceResult<std::shared_ptr<DeviceAdapter>> make_a4_adapter(const DeviceSpec& spec, A4TestPage test_page);

}  // namespace ow::drivers
