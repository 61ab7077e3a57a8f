#include "kiosk/maintenance/attach.hpp"

#include "drivers/device_adapters.hpp"

namespace ow::maintenance {

Result<std::unique_ptr<Attached>> Attached::attach(AppCore& core, std::function<void()> wake, Options options) {
  KioskLink link;
  link.citizen_idle = [&core] { return core.screen() == ScreenId::Attract; };
  link.sync_status = [&core] { return core.sync_status(); };
  link.catalog_version = [&core] { return core.catalog().version; };
  link.sync_now = [&core] { core.sync_now(); };
  link.wake = std::move(wake);
  auto m = Maintenance::create(core.config(), std::move(link), std::move(options));
  if (!m) return tl::unexpected(m.error());
  auto& devices = (*m)->devices();
  for (const auto& spec : (*m)->technician_config().devices) {
    if (spec.name == "idcard" && core.idcard_reader()) devices.add(spec, drivers::adapt(*core.idcard_reader()));
    if (spec.name == "sscard" && core.sscard_reader()) devices.add(spec, drivers::adapt(*core.sscard_reader()));
  }
  devices.start();
  std::unique_ptr<Attached> a(new Attached(core, std::move(*m)));
  core.set_heartbeat_devices([raw = a->maintenance_.get()] { return raw->heartbeat_devices(); });
  return a;
}

Attached::~Attached() {
  core_.set_heartbeat_devices(nullptr);  // the sync thread must not reach a destroyed manager
  maintenance_.reset();
}

}  // namespace ow::maintenance
