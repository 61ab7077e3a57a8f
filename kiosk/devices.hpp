#pragma once
// The kiosk's devices, wired once: every driver is built from the config and owned by one
// drivers::DeviceManager (one reconnect/backoff policy, one libusb hotplug thread). Features get
// their typed drivers from KioskDevices and subscribe to their events (set_events, on_status);
// maintenance and kioskctl use the same manager and the same specs.
#include <memory>
#include <vector>

#include "drivers/device_adapters.hpp"
#include "drivers/device_manager.hpp"
#include "kiosk/config.hpp"
#include "kiosk/result.hpp"

namespace ow::drivers {
namespace idcard { class Reader; }
namespace printer { class ReceiptPrinter; }
namespace smartcard { class PcscReader; class PcscApi; }
namespace barcode { class SerialScanner; }
namespace scanner { class SaneApi; }
}  // namespace ow::drivers

namespace ow {

// The names the config sections' devices go by (on the technician's pages, in counters, heartbeats).
inline constexpr const char* kIdCardDevice = "idcard";        // [idcard]
inline constexpr const char* kSsCardDevice = "sscard";        // [sscard]
inline constexpr const char* kPrinterDevice = "printer";      // [printer]
inline constexpr const char* kBarcodeDevice = "barcode";      // [barcode]
inline constexpr const char* kFaceCameraDevice = "face_camera";  // [face_camera]

// The drivers the citizen journey uses; null where the config has none. Valid while the manager lives.
struct KioskDevices {
  drivers::idcard::Reader* idcard = nullptr;
  drivers::smartcard::PcscReader* sscard = nullptr;
  drivers::printer::ReceiptPrinter* receipt_printer = nullptr;
  drivers::barcode::SerialScanner* barcode = nullptr;
};

// The devices of the config sections, as specs (not checked: see device_specs).
std::vector<drivers::DeviceSpec> section_device_specs(const Config& config);

// Every device of the kiosk: the sections' and the technician's [[device]] entries, each checked.
// An error names the config key: `printer.address: "abc" is not host:port`.
Result<std::vector<drivers::DeviceSpec>> device_specs(const Config& config);

struct DeviceBuildOptions {
  drivers::DeviceManagerConfig manager;  // counters_file empty: <data_dir>/device_counters.json
  drivers::TransportFactory transports;  // tests: fake transports; null (or a null result): the real ones
  std::shared_ptr<drivers::smartcard::PcscApi> pcsc;  // tests: a FakePcsc; null: pcsc-lite (pcscd)
  std::shared_ptr<drivers::scanner::SaneApi> sane;    // tests: a FakeSaneBackend; null: libsane
  bool start = true;                     // start the manager's monitor and hotplug threads
};

// What make_adapter needs from the kiosk to build `config`'s devices: the A4 test page, and the
// fakes `options` inject. kioskctl builds a single device with it too.
drivers::AdapterServices adapter_services(const Config& config, const DeviceBuildOptions& options = {});

// Builds, starts and registers every device of device_specs(config).
Result<std::unique_ptr<drivers::DeviceManager>> build_device_manager(const Config& config, DeviceBuildOptions options = {});

// The camera settings of a config section, for the steps that open a camera while they show
// (document pages, the applicant's photo, QR codes).
drivers::camera::CameraConfig camera_config(const DocCameraConfig& c);
drivers::camera::CameraConfig camera_config(const FaceCameraConfig& c);

// The journey's drivers out of the manager built from `config`.
KioskDevices kiosk_devices(const Config& config, const drivers::DeviceManager& manager);

}  // namespace ow
