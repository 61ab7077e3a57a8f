#include "kiosk/devices.hpp"

#include "drivers/barcode/serial_scanner.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/printer/receipt_printer.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/a4_test_page.hpp"
#include "kiosk/maintenance/technician_config.hpp"

namespace ow {

namespace {
using drivers::DeviceSpec;

// A section's key for a spec field: the printer's port is its `address`.
std::string section_key(const DeviceSpec& spec, const std::string& field) {
  if (spec.name == kPrinterDevice && field == "port") return "printer.address";
  if (spec.name == kFaceCameraDevice) return "face_camera." + (field == "port" ? std::string("source") : field);
  if (field.rfind("options.", 0) == 0) return spec.name + "." + field.substr(8);
  return spec.name + "." + field;
}

// What both camera sections set: the source and its live picture (only documents take stills).
template <class Section>
drivers::camera::CameraConfig preview_config(const Section& c) {
  drivers::camera::CameraConfig cc;
  cc.source = c.source;
  cc.width = c.width;
  cc.height = c.height;
  cc.fps = c.fps;
  cc.frame_repeat = c.frame_repeat;
  return cc;
}

bool from_section(const Config& c, const std::string& name) {
  return (name == kIdCardDevice && c.idcard.enabled()) || (name == kSsCardDevice && c.sscard.enabled) ||
         (name == kPrinterDevice && c.printer.enabled()) || (name == kBarcodeDevice && c.barcode.enabled()) ||
         (name == kFaceCameraDevice && !c.face_camera.source.empty());
}
}  // namespace

std::vector<DeviceSpec> section_device_specs(const Config& config) {
  std::vector<DeviceSpec> out;
  if (config.idcard.enabled())
    out.push_back(DeviceSpec{kIdCardDevice, "idcard", config.idcard.transport, config.idcard.port,
                             static_cast<std::uint16_t>(config.idcard.usb_vendor), static_cast<std::uint16_t>(config.idcard.usb_product),
                             {{"baud", std::to_string(config.idcard.baud)}}});
  if (config.sscard.enabled) out.push_back(DeviceSpec{kSsCardDevice, "sscard", "pcsc", config.sscard.reader_filter, 0, 0, {}});
  if (config.printer.enabled()) {
    const PrinterConfig& p = config.printer;
    out.push_back(DeviceSpec{kPrinterDevice, "receipt_printer", p.transport, p.address, static_cast<std::uint16_t>(p.usb_vendor),
                             static_cast<std::uint16_t>(p.usb_product),
                             {{"baud", std::to_string(p.baud)}, {"width_dots", std::to_string(p.width_dots)}}});
  }
  if (config.barcode.enabled()) {
    const BarcodeConfig& b = config.barcode;
    out.push_back(DeviceSpec{kBarcodeDevice, "barcode", "serial", b.port, 0, 0,
                             {{"baud", std::to_string(b.baud)},
                              {"suffix", b.suffix},
                              {"max_bytes", std::to_string(b.max_bytes)},
                              {"partial_timeout_ms", std::to_string(b.partial_timeout_ms)}}});
  }
  // The face camera is the one the citizen's face step opens, so the technician previews and
  // checks that camera with the same settings. (The document camera is opened by the capture
  // steps themselves; a [[device]] entry lists it for the technician.)
  const FaceCameraConfig& face = config.face_camera;
  if (!face.source.empty())
    out.push_back(DeviceSpec{kFaceCameraDevice, "camera", "", face.source, 0, 0,
                             {{"role", "face"},
                              {"width", std::to_string(face.width)},
                              {"height", std::to_string(face.height)},
                              {"fps", std::to_string(face.fps)},
                              {"frame_repeat", std::to_string(face.frame_repeat)}}});
  return out;
}

Result<std::vector<DeviceSpec>> device_specs(const Config& config) {
  auto tech = maintenance::load_technician_config(config);  // the sections' specs, then [[device]], each checked
  if (!tech) return tl::unexpected(tech.error());
  for (const auto& spec : tech->devices) {
    if (!from_section(config, spec.name)) continue;
    if (auto ok = drivers::check_spec(spec); !ok) {
      const std::string& m = ok.error().message;
      const auto colon = m.find(':');
      return fail(section_key(spec, m.substr(0, colon)) + m.substr(colon));
    }
  }
  return std::move(tech->devices);
}

drivers::AdapterServices adapter_services(const Config& config, const DeviceBuildOptions& options) {
  drivers::AdapterServices services;
  services.a4_test_page = [config](const std::filesystem::path& pdf) -> drivers::DeviceResult<void> {
    auto ok = maintenance::write_a4_test_page(config, pdf);
    if (!ok) return drivers::device_error(drivers::DeviceErrorCode::Unsupported, ok.error().message);
    return {};
  };
  services.transports = options.transports;
  services.pcsc = options.pcsc;
  services.sane = options.sane;
  return services;
}

Result<std::unique_ptr<drivers::DeviceManager>> build_device_manager(const Config& config, DeviceBuildOptions options) {
  auto specs = device_specs(config);
  if (!specs) return tl::unexpected(specs.error());
  if (options.manager.counters_file.empty()) options.manager.counters_file = config.data_dir / "device_counters.json";
  auto manager = std::make_unique<drivers::DeviceManager>(options.manager);
  const drivers::AdapterServices services = adapter_services(config, options);
  for (const auto& spec : *specs) {
    auto adapter = drivers::make_adapter(spec, services);
    if (!adapter) return fail(adapter.error().message);
    manager->add(spec, std::move(*adapter), "config");
  }
  manager->on_event([](const drivers::DeviceEvent& e) {
    const std::string text = e.name + ": " + std::string(drivers::to_string(e.from)) + " -> " +
                             std::string(drivers::to_string(e.to)) + (e.detail.empty() ? "" : " (" + e.detail + ")");
    if (e.to == drivers::DeviceState::Online || e.to == drivers::DeviceState::Busy) log::info("devices", text);
    else log::warn("devices", text);
  });
  if (options.start) manager->start();
  return manager;
}

KioskDevices kiosk_devices(const Config& config, const drivers::DeviceManager& m) {
  KioskDevices d;
  if (config.idcard.enabled()) d.idcard = m.get<drivers::idcard::Reader>(kIdCardDevice);
  if (config.sscard.enabled) d.sscard = m.get<drivers::smartcard::PcscReader>(kSsCardDevice);
  if (config.printer.enabled()) d.receipt_printer = m.get<drivers::printer::ReceiptPrinter>(kPrinterDevice);
  if (config.barcode.enabled()) d.barcode = m.get<drivers::barcode::SerialScanner>(kBarcodeDevice);
  return d;
}

drivers::camera::CameraConfig camera_config(const DocCameraConfig& c) {
  drivers::camera::CameraConfig cc = preview_config(c);
  cc.still_width = c.still_width;
  cc.still_height = c.still_height;
  return cc;
}

drivers::camera::CameraConfig camera_config(const FaceCameraConfig& c) { return preview_config(c); }

}  // namespace ow
