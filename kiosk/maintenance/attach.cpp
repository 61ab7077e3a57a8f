#include "kiosk/maintenance/attach.hpp"

#include "drivers/device_adapters.hpp"

namespace ow::maintenance {

Result<std::unique_ptr<Attached>> Attached::attach(AppCore& core, std::function<void()> wake, Options options) {
  KioskLink link;
  link.citizen_idle = [&core] { return core.screen() == ScreenId::Attract; };
  link.sync_status = [&core] { return core.sync_status(); };
  link.catalog_version = [&core] { return core.catalog().version; };
  link.sync_now = [&core] { core.sync_now(); };
  link.rollback_catalog = [&core](std::function<void(bool, std::string)> done) { core.rollback_catalog(std::move(done)); };
  link.showing_changed = [&core](bool showing) { core.set_maintenance(showing); };
  link.wake = std::move(wake);
  auto m = Maintenance::create(core.config(), std::move(link), std::move(options));
  if (!m) return tl::unexpected(m.error());
  auto& devices = (*m)->devices();
  bool printer_listed = false, barcode_listed = false;
  for (const auto& spec : (*m)->technician_config().devices) {
    if (spec.name == "idcard" && core.devices().idcard) devices.add(spec, drivers::adapt(*core.devices().idcard));
    if (spec.name == "sscard" && core.devices().sscard) devices.add(spec, drivers::adapt(*core.devices().sscard));
    printer_listed = printer_listed || spec.family == "receipt_printer";
    barcode_listed = barcode_listed || spec.family == "barcode";
  }
  // The QR scanner of the journey ([barcode]) is listed as "barcode" unless a [[device]] names one.
  if (core.devices().barcode && !barcode_listed) {
    const BarcodeConfig& bc = core.config().barcode;
    drivers::DeviceSpec spec{"barcode", "barcode", "serial", bc.port, 0, 0, {{"baud", std::to_string(bc.baud)}}};
    devices.add(spec, drivers::adapt(*core.devices().barcode));
  }
  // The printer the journey prints receipts on ([printer]) is the one technicians test, and where
  // a citizen's failed receipt waits for its reprint.
  if (core.devices().receipt_printer && !printer_listed) {
    const PrinterConfig& pc = core.config().printer;
    drivers::DeviceSpec spec{"printer", "receipt_printer", pc.transport, pc.address, static_cast<std::uint16_t>(pc.usb_vendor),
                             static_cast<std::uint16_t>(pc.usb_product), {}};
    devices.add(spec, drivers::adapt(*core.devices().receipt_printer));
  }
  devices.start();
  std::unique_ptr<Attached> a(new Attached(core, std::move(*m)));
  core.set_heartbeat_devices([raw = a->maintenance_.get()] { return raw->heartbeat_devices(); });
  return a;
}

Attached::~Attached() {
  core_.set_heartbeat_devices(nullptr);  // the sync thread must not reach a destroyed manager
  maintenance_.reset();
  core_.set_maintenance(false);  // citizens' cards are taken again
}

}  // namespace ow::maintenance
