#include "kiosk/composition.hpp"

#include "drivers/printer/usb_printer_transport.hpp"
#include "drivers/transport/tcp_transport.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
// The journey's drivers, owned together; their callbacks reach the core once it is built.
struct OwnedDevices {
  AppCore* core = nullptr;  // set before any driver starts
  std::unique_ptr<drivers::idcard::Reader> idcard;
  std::unique_ptr<drivers::smartcard::PcscReader> sscard;
  std::unique_ptr<drivers::printer::ReceiptPrinter> printer;
  std::unique_ptr<drivers::barcode::SerialScanner> barcode;

  ~OwnedDevices() {
    if (idcard) idcard->stop();
    if (sscard) sscard->stop();
    if (barcode) barcode->stop();
  }
  // From a driver's thread: the event is handled on the UI thread.
  void post(Event e) {
    core->post([c = core, e = std::move(e)]() mutable { c->on_event(std::move(e), std::chrono::steady_clock::now()); });
  }
};

drivers::TransportConfig transport_for(const IdCardConfig& c) {
  drivers::TransportConfig t;
  t.kind = c.transport == "usb_bulk" ? drivers::TransportKind::UsbBulk
           : c.transport == "usb_hid" ? drivers::TransportKind::UsbHid
                                      : drivers::TransportKind::Serial;
  t.port = c.port;
  t.baud = c.baud;
  t.usb_vendor = static_cast<std::uint16_t>(c.usb_vendor);
  t.usb_product = static_cast<std::uint16_t>(c.usb_product);
  return t;
}

std::unique_ptr<drivers::Transport> printer_transport(const PrinterConfig& c) {
  if (c.transport == "tcp") {
    const auto colon = c.address.rfind(':');
    const std::string host = colon == std::string::npos ? c.address : c.address.substr(0, colon);
    const int port = colon == std::string::npos ? 9100 : std::atoi(c.address.c_str() + colon + 1);
    return std::make_unique<drivers::TcpTransport>(host, static_cast<std::uint16_t>(port));
  }
  if (c.transport == "usb")
    return std::make_unique<drivers::printer::UsbPrinterTransport>(
        drivers::printer::UsbPrinterConfig{static_cast<std::uint16_t>(c.usb_vendor), static_cast<std::uint16_t>(c.usb_product)});
  drivers::TransportConfig t;
  t.port = c.address;
  t.baud = c.baud;
  return drivers::make_transport(t);
}

void make_idcard(const Config& config, OwnedDevices& d) {
  if (!config.idcard.enabled()) return;
  drivers::idcard::ReaderConfig rc;
  rc.transport = transport_for(config.idcard);
  drivers::idcard::ReaderEvents ev;
  // Callbacks run on the reader's thread: they only hand work to the UI thread.
  ev.card_read = [&d](drivers::idcard::CardData card) { d.post(event::CardRead{identity_from_card(card)}); };
  ev.error = [&d](const drivers::DeviceError& e) {
    log::warn("idcard", e.message);
    if (e.code == drivers::DeviceErrorCode::Unsupported) d.post(event::CardUnsupported{});
    else if (e.code == drivers::DeviceErrorCode::DeviceStatus || e.code == drivers::DeviceErrorCode::BadFrame)
      d.post(event::CardProblem{});
  };
  ev.status_changed = [&d](const drivers::idcard::ReaderStatus& s) {
    d.core->entry().set_reader_status(s);
    log::info("idcard", "reader " + std::string(drivers::to_string(s.state)) + (s.sam_ok ? ", SAM ok" : "") +
                            (s.card_present ? ", card present" : ""));
    d.core->post([] {});  // redraw
  };
  d.idcard = std::make_unique<drivers::idcard::Reader>(rc, std::move(ev));
}

void make_sscard(const Config& config, OwnedDevices& d) {
  if (!config.sscard.enabled) return;
  drivers::smartcard::PcscConfig pc;
  pc.reader_filter = config.sscard.reader_filter;
  // Runs on the PC/SC worker: hand everything to the UI thread.
  d.sscard = std::make_unique<drivers::smartcard::PcscReader>(pc, [&d](const drivers::smartcard::SmartcardEvent& e) {
    if (const auto* read = std::get_if<drivers::smartcard::CardReadEvent>(&e)) {
      d.post(event::CardRead{identity_from_sscard(read->card, read->expired)});
    } else if (const auto* rejected = std::get_if<drivers::smartcard::CardRejectedEvent>(&e)) {
      log::warn("sscard", rejected->error.message);
      if (rejected->error.failure == drivers::smartcard::ReadFailure::NotSocialSecurityCard) d.post(event::CardUnsupported{});
      else d.post(event::CardProblem{});
    } else if (const auto* status = std::get_if<drivers::smartcard::StatusChangedEvent>(&e)) {
      log::info("sscard", "reader " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
}

void make_printer(const Config& config, OwnedDevices& d) {
  if (!config.printer.enabled()) return;
  drivers::printer::ReceiptPrinterConfig pc;
  pc.width_dots = config.printer.width_dots;
  d.printer = std::make_unique<drivers::printer::ReceiptPrinter>(pc, printer_transport(config.printer));
}

void make_barcode(const Config& config, OwnedDevices& d) {
  if (!config.barcode.enabled()) return;
  drivers::barcode::SerialScannerConfig sc;
  sc.port = config.barcode.port;
  sc.baud = config.barcode.baud;
  sc.lines.suffix = drivers::barcode::parse_line_suffix(config.barcode.suffix).value_or(drivers::barcode::LineSuffix::Auto);
  sc.lines.max_bytes = static_cast<std::size_t>(config.barcode.max_bytes);
  sc.lines.partial_timeout = std::chrono::milliseconds(config.barcode.partial_timeout_ms);
  // Runs on the scanner's worker: hand scans to the UI thread, log only what is not personal.
  d.barcode = std::make_unique<drivers::barcode::SerialScanner>(sc, [&d](drivers::barcode::ScannerEvent e) {
    if (auto* scan = std::get_if<drivers::barcode::ScanEvent>(&e)) {
      d.post(event::QrScanned{std::move(scan->text), QrSource::SerialScanner});
    } else if (const auto* rejected = std::get_if<drivers::barcode::ScanRejectedEvent>(&e)) {
      log::warn("barcode", rejected->error.message());
    } else if (const auto* status = std::get_if<drivers::barcode::ScannerStatusEvent>(&e)) {
      log::info("barcode", "scanner " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
}

void start_sync(AppCore& core, const std::string& catalog_version) {
  store::SyncConfig sc = sync_config(core.config());
  sc.heartbeat_info = [&core, catalog_version] {
    return nlohmann::json{{"version", OW_VERSION}, {"catalog_version", catalog_version}, {"devices", core.heartbeat_devices()}};
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

Result<std::unique_ptr<AppCore>> compose(Config config) {
  auto catalog = catalog::load_active_catalog(config.data_dir / "catalog", config.catalog_file);
  if (!catalog) return tl::unexpected(catalog.error());
  log::info("catalog", "version " + catalog->version + ", " + std::to_string(catalog->matters.size()) + " matters");
  auto store = store::Store::open(config.data_dir);
  if (!store) return fail("offline store: " + store.error().message);

  auto devices = std::make_shared<OwnedDevices>();
  make_idcard(config, *devices);
  make_sscard(config, *devices);
  make_printer(config, *devices);
  make_barcode(config, *devices);
  const JourneyDevices handles{devices->idcard.get(), devices->sscard.get(), devices->printer.get(), devices->barcode.get()};
  const std::string catalog_version = catalog->version;
  auto core = std::make_unique<AppCore>(std::move(config), std::move(*catalog), std::move(*store), handles, devices);
  devices->core = core.get();
  if (devices->idcard) {
    devices->idcard->start();
    devices->idcard->set_wanted(core->screen() == ScreenId::Attract);
  }
  if (devices->sscard) devices->sscard->start();
  if (devices->barcode) devices->barcode->start();
  start_sync(*core, catalog_version);
  return core;
}

}  // namespace ow
