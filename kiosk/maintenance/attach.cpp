#include "kiosk/maintenance/attach.hpp"

namespace ow::maintenance {

Result<std::unique_ptr<Attached>> Attached::attach(AppCore& core, std::function<void()> wake, Options options) {
  KioskLink link;
  link.citizen_idle = [&core] { return core.screen() == ScreenId::Attract; };
  link.sync_status = [&core] { return core.sync_status(); };
  link.catalog_version = [&core] { return core.catalog_version(); };  // also on the control socket's thread
  link.sync_now = [&core] { core.sync_now(); };
  link.rollback_catalog = [&core](std::function<void(bool, std::string)> done) { core.rollback_catalog(std::move(done)); };
  link.showing_changed = [&core](bool showing) { core.set_maintenance(showing); };
  link.wake = std::move(wake);
  options.manager = &core.device_manager();  // the kiosk's one manager: every driver is already in it
  auto m = Maintenance::create(core.config(), std::move(link), std::move(options));
  if (!m) return tl::unexpected(m.error());
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
