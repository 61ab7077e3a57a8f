#include "kiosk/composition.hpp"

#include "drivers/barcode/serial_scanner.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/status_report.hpp"
#include "kiosk/sync_setup.hpp"

namespace ow {

namespace {
void subscribe_idcard(AppCore& core, drivers::idcard::Reader& reader) {
  drivers::idcard::ReaderEvents ev;
  // Callbacks run on the reader's thread: they only hand work to the UI thread.
  ev.card_read = [&core](drivers::idcard::CardData card) { core.post_event(event::CardRead{identity_from_card(card)}); };
  ev.error = [&core](const drivers::DeviceError& e) {
    log::warn("idcard", e.message);
    if (e.code == drivers::DeviceErrorCode::Unsupported) core.post_event(event::CardUnsupported{});
    else if (e.code == drivers::DeviceErrorCode::DeviceStatus || e.code == drivers::DeviceErrorCode::BadFrame)
      core.post_event(event::CardProblem{});
  };
  ev.status_changed = [&core](const drivers::idcard::ReaderStatus& s) {
    core.entry().set_reader_status(s);
    log::info("idcard", "reader " + std::string(drivers::to_string(s.state)) + (s.sam_ok ? ", SAM ok" : "") +
                            (s.card_present ? ", card present" : ""));
    core.post([] {});  // redraw
  };
  reader.set_events(std::move(ev));
  core.entry().set_reader_status(reader.status());  // it may have connected before the core subscribed
}

void subscribe_sscard(AppCore& core, drivers::smartcard::PcscReader& reader) {
  // Runs on the PC/SC worker: hand everything to the UI thread.
  reader.set_events([&core](const drivers::smartcard::SmartcardEvent& e) {
    if (const auto* read = std::get_if<drivers::smartcard::CardReadEvent>(&e)) {
      core.post_event(event::CardRead{identity_from_sscard(read->card, read->expired)});
    } else if (const auto* rejected = std::get_if<drivers::smartcard::CardRejectedEvent>(&e)) {
      log::warn("sscard", rejected->error.message);
      if (rejected->error.failure == drivers::smartcard::ReadFailure::NotSocialSecurityCard) core.post_event(event::CardUnsupported{});
      else core.post_event(event::CardProblem{});
    } else if (const auto* status = std::get_if<drivers::smartcard::StatusChangedEvent>(&e)) {
      log::info("sscard", "reader " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
}

void subscribe_barcode(AppCore& core, drivers::barcode::SerialScanner& scanner) {
  // Runs on the scanner's worker: hand scans to the UI thread, log only what is not personal.
  scanner.set_events([&core](drivers::barcode::ScannerEvent e) {
    if (auto* scan = std::get_if<drivers::barcode::ScanEvent>(&e)) {
      core.post_event(event::QrScanned{std::move(scan->text), QrSource::SerialScanner});
    } else if (const auto* rejected = std::get_if<drivers::barcode::ScanRejectedEvent>(&e)) {
      log::warn("barcode", rejected->error.message());
    } else if (const auto* status = std::get_if<drivers::barcode::ScannerStatusEvent>(&e)) {
      log::info("barcode", "scanner " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
}

void start_sync(AppCore& core, const maintenance::DataKeyInfo& data_key) {
  store::SyncConfig sc = sync_config(core.config());
  // The version served now, not the one at start: catalog updates replace it while the kiosk runs.
  sc.heartbeat_info = [&core, data_key] {
    nlohmann::json info{{"version", OW_VERSION}, {"catalog_version", core.catalog_version()}, {"devices", core.heartbeat_devices()}};
    info.update(rollout_heartbeat(core.config().catalog_ring, core.catalog_waiting()));
    const auto expired = core.catalog_expired_at();
    info["catalog_expired"] = expired ? nlohmann::json(*expired) : nlohmann::json();
    info.update(maintenance::heartbeat_data_key(data_key));
    return info;
  };
  // From the sync thread: an empty task wakes the UI so the badge redraws.
  sc.on_status = [&core](const store::SyncStatus&) { core.post([] {}); };
  sc.on_catalog = [&core](std::string bytes, const std::string&) { return core.stage_catalog(bytes); };
  auto engine = store::SyncEngine::start(std::move(sc));
  if (!engine) {
    log::error("sync", "sync engine not started, submissions stay queued: " + engine.error().message);
    return;
  }
  core.set_sync(std::move(*engine));
}
}  // namespace

Result<std::unique_ptr<AppCore>> compose(Config config, std::unique_ptr<drivers::DeviceManager> devices) {
  auto catalog = catalog::load_active_catalog(config.data_dir / "catalog", config.catalog_file);
  if (!catalog) return tl::unexpected(catalog.error());
  log::info("catalog", "version " + catalog->version + ", " + std::to_string(catalog->matters.size()) + " matters");
  auto store = store::Store::open(store_options(config));
  if (!store) return fail("offline store: " + store.error().message);
  const auto data_key = maintenance::data_key_info(store->get(), "");
  if (data_key.protection == "file") log::warn("store", "the data key is a file beside the data, not sealed to a TPM (docs/security.md)");
  if (!data_key.error.empty()) log::error("store", "out of service, no applications taken: " + data_key.error);
  if (!devices) {
    auto built = build_device_manager(config);
    if (!built) return tl::unexpected(built.error());
    devices = std::move(*built);
  }
  const KioskDevices journey = kiosk_devices(config, *devices);
  auto core = std::make_unique<AppCore>(std::move(config), std::move(*catalog), std::move(*store), journey, std::move(devices));
  if (journey.idcard) subscribe_idcard(*core, *journey.idcard);
  if (journey.sscard) subscribe_sscard(*core, *journey.sscard);
  if (journey.barcode) subscribe_barcode(*core, *journey.barcode);
  start_sync(*core, data_key);
  return core;
}

}  // namespace ow
