#include "drivers/device_adapters.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "drivers/barcode/serial_scanner.hpp"
#include "drivers/camera/camera.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/printer/receipt_printer.hpp"
#include "drivers/scanner/scanner.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"

namespace ow::drivers {

namespace {
using Clock = std::chrono::steady_clock;

UsageCounters usage(const DeviceCounters& c, double paper = 0) { return UsageCounters{c.operations, c.errors, paper, c.last_error}; }

// --- ID card reader (GA 467) ---
class IdCardAdapter final : public DeviceAdapter {
 public:
  IdCardAdapter(idcard::Reader& reader, std::unique_ptr<idcard::Reader> owned = nullptr)
      : reader_(reader), owned_(std::move(owned)) {}
  ~IdCardAdapter() override {
    if (owned_) owned_->stop();
  }
  DeviceState state() const override { return reader_.status().state; }
  DeviceDetails details() const override {
    const auto s = reader_.status();
    return {{"sam", s.sam_ok ? "ok" : "not_ready"}, {"card", s.card_present ? "present" : "absent"}};
  }
  std::vector<std::string> capabilities() const override { return {"read_id_card", "read_photo", "sam_status"}; }
  DeviceIdentity identity() const override {
    return DeviceIdentity{"", "GA 467 SAM ID card reader", reader_.status().sam_id, ""};
  }
  UsageCounters counters() const override { return usage(reader_.status().counters); }
  std::string port() const override { return reader_.status().port; }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    reader_.check_health(level, std::move(done));
  }
  void reconnect() override { reader_.reconnect_now(); }
  void* driver(const std::type_info& type) override { return type == typeid(idcard::Reader) ? &reader_ : nullptr; }
  std::vector<DeviceAction> actions() const override { return {{"read_card", "Read a test card"}}; }
  void run_action(const std::string& id, std::function<void(ActionResult)> done) override {
    if (id != "read_card") {
      done(ActionResult{{false, "no action " + id}, {}, nullptr});
      return;
    }
    // The card's fields reach `done` only through ActionResult::fields, where they are masked
    // before they are shown; the health text names the card type alone.
    auto fields = std::make_shared<std::vector<ActionField>>();
    reader_.check_health(
        HealthLevel::Interactive,
        [fields, done = std::move(done)](HealthResult h) {
          ActionResult r{std::move(h), std::move(*fields), nullptr};
          done(std::move(r));
        },
        [fields](idcard::CardData card) {
          // Moved, not copied: the fields are the card's only copy from here on.
          auto& f = *fields;
          f.clear();
          f.push_back({"card_type", idcard::card_type_name_zh(card.type), FieldKind::Plain});
          f.push_back({"name", std::move(card.name.empty() ? card.name_en : card.name), FieldKind::Name});
          f.push_back({"id_number", std::move(card.id_number), FieldKind::IdNumber});
          f.push_back({"valid_to", card.long_term ? SecretString("long_term") : std::move(card.valid_to), FieldKind::Plain});
          f.push_back({"expired", card.expired ? "yes" : "no", FieldKind::Plain});
          f.push_back({"photo", std::to_string(card.photo_wlt.size()) + " bytes", FieldKind::Plain});
        });
  }

 private:
  idcard::Reader& reader_;
  std::unique_ptr<idcard::Reader> owned_;
};

// --- receipt printer (ESC/POS) ---
class PrinterAdapter final : public DeviceAdapter {
 public:
  PrinterAdapter(printer::ReceiptPrinter& p, std::string port, std::unique_ptr<printer::ReceiptPrinter> owned = nullptr)
      : printer_(p), port_(std::move(port)), owned_(std::move(owned)) {}
  DeviceState state() const override { return printer_.status().state; }
  DeviceDetails details() const override {
    const auto s = printer_.status();
    const auto c = printer_.counters();
    const char* paper = s.paper == printer::PaperLevel::Out ? "out" : s.paper == printer::PaperLevel::NearEnd ? "low" : "ok";
    DeviceDetails d{{"paper", paper},
                    {"cover", s.cover_open ? "open" : "closed"},
                    {"paper_left_m", std::to_string(static_cast<int>(std::lround(c.paper_left_m)))},
                    {"paper_low_soon", s.paper_low_soon ? "yes" : "no"},
                    {"failed_jobs", std::to_string(printer_.failed_jobs().size())}};
    if (!s.detail.empty()) d.emplace_back("detail", s.detail);
    return d;
  }
  std::vector<std::string> capabilities() const override {
    return {"receipt", "cut", "raster", "printer_qr", "status", printer_.config().width_dots >= 576 ? "80mm" : "58mm"};
  }
  DeviceIdentity identity() const override { return DeviceIdentity{"", printer_.config().name, "", ""}; }
  UsageCounters counters() const override {
    const auto c = printer_.counters();
    return usage(c.device, c.paper_used_m);
  }
  std::string port() const override { return port_; }
  void reconnect() override { printer_.reconnect_now(); }
  void* driver(const std::type_info& type) override { return type == typeid(printer::ReceiptPrinter) ? &printer_ : nullptr; }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    printer_.check_health(level, [done = std::move(done)](const HealthResult& h) { done(h); });
  }
  std::vector<DeviceAction> actions() const override {
    std::vector<DeviceAction> out;
    for (const auto& j : printer_.failed_jobs())
      out.push_back({"reprint:" + std::to_string(j.job_id),
                     "Reprint " + j.kind + " job " + std::to_string(j.job_id) + " (" + std::string(printer::to_string(j.failure)) + ")"});
    out.push_back({"paper_replaced", "A new paper roll was loaded"});
    return out;
  }
  void run_action(const std::string& id, std::function<void(ActionResult)> done) override {
    if (id == "paper_replaced") {
      printer_.paper_replaced();
      done(ActionResult{{true, "paper estimate reset to a new roll"}, {}, nullptr});
      return;
    }
    if (id.rfind("reprint:", 0) == 0) {
      std::uint64_t job = 0;
      try {
        job = std::stoull(id.substr(8));
      } catch (const std::exception&) {
        done(ActionResult{{false, "bad job id"}, {}, nullptr});
        return;
      }
      printer_.reprint(job, [done = std::move(done)](const printer::JobResult& r) {
        done(ActionResult{{r.ok(), r.ok() ? "job " + std::to_string(r.job_id) + " reprinted" : r.message}, {}, nullptr});
      });
      return;
    }
    done(ActionResult{{false, "no action " + id}, {}, nullptr});
  }

 private:
  printer::ReceiptPrinter& printer_;
  std::string port_;
  std::unique_ptr<printer::ReceiptPrinter> owned_;
};

// --- social security card reader (PC/SC) ---
class PcscAdapter final : public DeviceAdapter {
 public:
  PcscAdapter(smartcard::PcscReader& r, std::unique_ptr<smartcard::PcscReader> owned = nullptr)
      : reader_(r), owned_(std::move(owned)) {}
  ~PcscAdapter() override {
    if (owned_) owned_->stop();
  }
  DeviceState state() const override { return reader_.status().state; }
  DeviceDetails details() const override {
    const auto s = reader_.status();
    return {{"readers", std::to_string(s.readers.size())}, {"card", s.card_present ? "present" : "absent"}, {"detail", s.message}};
  }
  std::vector<std::string> capabilities() const override { return {"read_social_security_card", "pcsc"}; }
  DeviceIdentity identity() const override {
    const auto s = reader_.status();
    return DeviceIdentity{"", s.readers.empty() ? std::string() : s.readers.front(), "", ""};
  }
  UsageCounters counters() const override { return usage(reader_.status().counters); }
  std::string port() const override { return "pcscd " + smartcard::PcscReader::service_socket(); }
  void reconnect() override { reader_.reconnect_now(); }
  void* driver(const std::type_info& type) override { return type == typeid(smartcard::PcscReader) ? &reader_ : nullptr; }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    done(reader_.check_health(level));
  }
  std::vector<DeviceAction> actions() const override { return {{"read_card", "Read a test social security card"}}; }
  void run_action(const std::string& id, std::function<void(ActionResult)> done) override {
    if (id != "read_card") {
      done(ActionResult{{false, "no action " + id}, {}, nullptr});
      return;
    }
    smartcard::CardReadResult card;
    HealthResult h = reader_.check_health(HealthLevel::Interactive, std::chrono::seconds(30), &card);
    ActionResult r{std::move(h), {}, nullptr};
    if (r.passed) {
      auto& c = card.identification;
      r.fields.push_back({"card_type", SecretString(c.card_type), FieldKind::Plain});
      r.fields.push_back({"spec_version", SecretString(c.spec_version), FieldKind::Plain});
      r.fields.push_back({"identification_code", std::move(c.identification_code), FieldKind::IdNumber});
      r.fields.push_back({"card_number", std::move(c.card_number), FieldKind::CardNumber});
      r.fields.push_back({"expiry", c.expiry_date.iso(), FieldKind::Plain});
      r.fields.push_back({"name", smartcard::to_string(card.personal), FieldKind::Plain});
    }
    done(std::move(r));
  }

 private:
  smartcard::PcscReader& reader_;
  std::unique_ptr<smartcard::PcscReader> owned_;
};

// --- QR / barcode scanner on a serial line ---
class BarcodeAdapter final : public DeviceAdapter {
 public:
  BarcodeAdapter(barcode::SerialScanner& s, std::unique_ptr<barcode::SerialScanner> owned = nullptr)
      : scanner_(s), owned_(std::move(owned)) {}
  ~BarcodeAdapter() override {
    if (owned_) owned_->stop();
  }
  DeviceState state() const override { return scanner_.state(); }
  DeviceDetails details() const override {
    return {{"suffix", std::string(barcode::to_string(scanner_.config().lines.suffix))}, {"detail", scanner_.status_message()}};
  }
  std::vector<std::string> capabilities() const override { return {"scan_qr", "scan_barcode"}; }
  DeviceIdentity identity() const override { return DeviceIdentity{}; }
  UsageCounters counters() const override { return usage(scanner_.counters()); }
  std::string port() const override { return "serial " + scanner_.config().port + " @" + std::to_string(scanner_.config().baud); }
  void reconnect() override { scanner_.reconnect_now(); }
  void* driver(const std::type_info& type) override { return type == typeid(barcode::SerialScanner) ? &scanner_ : nullptr; }
  // Interactive: the technician scans any code within 15 s.
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override { done(scanner_.health(level)); }

 private:
  barcode::SerialScanner& scanner_;
  std::unique_ptr<barcode::SerialScanner> owned_;
};

// --- document / face camera ---
// Open only while someone uses it (the device page's preview, a check), never from start: the
// kiosk's own capture steps open the same camera, and a V4L2 device streams to one opener at a time.
class CameraAdapter final : public DeviceAdapter {
 public:
  explicit CameraAdapter(camera::CameraConfig config) : config_(std::move(config)) {}
  DeviceState state() const override {
    std::lock_guard lock(mu_);
    if (camera_) return camera_->state();
    auto present = camera::Camera::probe(config_);
    return present ? DeviceState::Online : DeviceState::NoDevice;
  }
  DeviceDetails details() const override {
    std::lock_guard lock(mu_);
    if (!camera_) return {{"camera", "closed (opened while its page shows it)"}};
    auto f = camera_->latest();
    if (!f) return {{"frames", "none"}};
    return {{"frame", std::to_string(f->width) + "x" + std::to_string(f->height)}, {"frames", std::to_string(f->sequence)}};
  }
  std::vector<std::string> capabilities() const override { return {"preview", "still", "page_capture", "face_capture"}; }
  DeviceIdentity identity() const override { return DeviceIdentity{}; }
  UsageCounters counters() const override {
    std::lock_guard lock(mu_);
    UsageCounters c = camera_ ? usage(camera_->counters()) : UsageCounters{};
    if (c.last_error.empty()) c.last_error = open_error_;
    return c;
  }
  std::string port() const override { return config_.source; }
  void idle() override {
    std::shared_ptr<camera::Camera> unused;  // closed outside the lock: its destructor joins the capture thread
    std::lock_guard lock(mu_);
    if (camera_ && camera_.use_count() == 1) unused = std::move(camera_);
  }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    if (level == HealthLevel::Internal) {
      // No I/O, and the camera stays closed: is the device (or file) there?
      auto present = camera::Camera::probe(config_);
      done(present ? HealthResult{true, "camera present at " + config_.source} : HealthResult{false, present.error().message});
      return;
    }
    auto cam = camera();
    if (!cam) {
      std::lock_guard lock(mu_);
      done(HealthResult{false, "camera not open: " + open_error_});
      return;
    }
    if (level != HealthLevel::Interactive) {
      done(cam->health(level));
      return;
    }
    // A person shows a page: the picture must change clearly from what the camera saw at the start.
    const auto first = cam->latest();
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto now = cam->latest();
      if (first && now && now->sequence != first->sequence && mean_difference(*first, *now) > 20.0) {
        done(HealthResult{true, "the camera saw the test page (" + std::to_string(now->width) + "x" +
                                    std::to_string(now->height) + ")"});
        return;
      }
    }
    done(HealthResult{false, "no change seen in 20 s: show a page to the camera"});
  }
  std::shared_ptr<camera::Camera> camera() const override {
    std::lock_guard lock(mu_);
    if (camera_) return camera_;
    auto opened = camera::Camera::open(config_);
    if (!opened) {
      open_error_ = opened.error().message;
      return nullptr;
    }
    open_error_.clear();
    camera_ = std::move(*opened);
    return camera_;
  }

 private:
  static double mean_difference(const camera::Frame& a, const camera::Frame& b) {
    if (a.pixels.size() != b.pixels.size() || a.pixels.empty()) return 255.0;
    double sum = 0;
    const std::size_t step = std::max<std::size_t>(1, a.pixels.size() / 65536);
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.pixels.size(); i += step, ++n) sum += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
    return sum / static_cast<double>(n);
  }
  camera::CameraConfig config_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<camera::Camera> camera_;  // held by the adapter while anyone else holds it too
  mutable std::string open_error_;
};

// --- SANE scanner ---
class ScannerAdapter final : public DeviceAdapter {
 public:
  ScannerAdapter(std::string name, scanner::ScanSource source, std::vector<std::pair<std::string, std::string>> sane_options,
                 std::shared_ptr<scanner::SaneApi> sane)
      : name_(std::move(name)), source_(source), sane_options_(std::move(sane_options)), sane_(std::move(sane)) {
    reconnect();
  }
  DeviceState state() const override {
    std::lock_guard lock(mu_);
    return scanner_ ? scanner_->state() : DeviceState::NoDevice;
  }
  DeviceDetails details() const override {
    return {{"source", std::string(scanner::to_string(source_))}};
  }
  std::vector<std::string> capabilities() const override {
    std::vector<std::string> c{"scan_page", "gray", "color"};
    if (source_ != scanner::ScanSource::Flatbed) c.push_back("adf");
    return c;
  }
  DeviceIdentity identity() const override {
    std::lock_guard lock(mu_);
    return info_ ? DeviceIdentity{info_->vendor, info_->model, "", ""} : DeviceIdentity{};
  }
  UsageCounters counters() const override {
    std::lock_guard lock(mu_);
    UsageCounters c = scanner_ ? usage(scanner_->counters()) : UsageCounters{};
    if (c.last_error.empty()) c.last_error = open_error_;
    return c;
  }
  std::string port() const override { return "sane " + name_; }
  void reconnect() override {
    std::lock_guard lock(mu_);
    if (scanner_ && scanner_->state() != DeviceState::NoDevice) return;
    scanner_.reset();
    auto opened = scanner::Scanner::open(name_, sane_);
    if (!opened) {
      open_error_ = opened.error().message;
      return;
    }
    scanner_ = std::move(*opened);
    open_error_.clear();
    if (auto list = sane_ ? scanner::Scanner::list(sane_, false) : scanner::Scanner::list(false))
      for (const auto& i : *list)
        if (i.name == name_) info_ = i;
  }
  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    auto sc = scanner();
    if (!sc) {
      done(HealthResult{false, "scanner not open: " + open_failure()});
      return;
    }
    std::lock_guard lock(scan_mu_);  // one SANE call at a time on this handle
    if (level != HealthLevel::Interactive) {
      done(sc->health(level));
      return;
    }
    done(scan_one(*sc, nullptr));
  }
  std::vector<DeviceAction> actions() const override { return {{"scan_page", "Scan a page"}}; }
  void run_action(const std::string& id, std::function<void(ActionResult)> done) override {
    if (id != "scan_page") {
      done(ActionResult{{false, "no action " + id}, {}, nullptr});
      return;
    }
    auto sc = scanner();
    if (!sc) {
      done(ActionResult{{false, "scanner not open: " + open_failure()}, {}, nullptr});
      return;
    }
    std::lock_guard lock(scan_mu_);
    std::shared_ptr<camera::Frame> page;
    HealthResult h = scan_one(*sc, &page);
    done(ActionResult{std::move(h), {}, std::move(page)});
  }

 private:
  std::shared_ptr<scanner::Scanner> scanner() const {
    std::lock_guard lock(mu_);
    return scanner_;
  }
  std::string open_failure() const {
    std::lock_guard lock(mu_);
    return open_error_;
  }
  // One page at a modest resolution (the technician looks at it on screen); with scan_mu_ held.
  HealthResult scan_one(scanner::Scanner& sc, std::shared_ptr<camera::Frame>* image) {
    scanner::ScanSettings settings;
    settings.source = source_;
    settings.max_pages = 1;
    settings.dpi = 150;
    settings.extra_options = sane_options_;
    int w = 0, h = 0, dpi = 0;
    auto pages = sc.scan(settings, [&](scanner::ScannedPage&& p) {
      w = p.width;
      h = p.height;
      dpi = p.dpi;
      if (!image) return;
      auto f = std::make_shared<camera::Frame>();
      f->width = p.width;
      f->height = p.height;
      f->channels = p.channels;
      f->pixels = std::move(p.pixels);
      f->sequence = 1;
      f->captured = Clock::now();
      *image = std::move(f);
    });
    if (!pages) return HealthResult{false, "scan failed: " + pages.error().message};
    return HealthResult{*pages > 0, "scanned " + std::to_string(*pages) + " page(s), " + std::to_string(w) + "x" +
                                        std::to_string(h) + " at " + std::to_string(dpi) + " dpi"};
  }

  std::string name_;
  scanner::ScanSource source_;
  std::vector<std::pair<std::string, std::string>> sane_options_;  // backend options for the test scan
  std::shared_ptr<scanner::SaneApi> sane_;  // null: libsane
  mutable std::mutex mu_;  // the members below; never held during SANE calls, so state() never waits for a scan
  std::mutex scan_mu_;     // one SANE call at a time on the handle
  std::shared_ptr<scanner::Scanner> scanner_;
  std::optional<scanner::ScannerInfo> info_;
  std::string open_error_;
};
}  // namespace

std::shared_ptr<DeviceAdapter> adapt(idcard::Reader& reader) { return std::make_shared<IdCardAdapter>(reader); }
std::shared_ptr<DeviceAdapter> adapt(printer::ReceiptPrinter& p) { return std::make_shared<PrinterAdapter>(p, p.config().name); }
std::shared_ptr<DeviceAdapter> adapt(smartcard::PcscReader& reader) { return std::make_shared<PcscAdapter>(reader); }
std::shared_ptr<DeviceAdapter> adapt(barcode::SerialScanner& scanner) { return std::make_shared<BarcodeAdapter>(scanner); }

DeviceResult<std::shared_ptr<DeviceAdapter>> make_adapter(const DeviceSpec& spec, const AdapterServices& services) {
  // The transport a test injected, else none (the family builds the real one).
  auto injected = [&]() -> std::unique_ptr<Transport> { return services.transports ? services.transports(spec) : nullptr; };
  if (spec.family == "a4_printer") return make_a4_adapter(spec, services.a4_test_page);
  if (spec.family == "idcard") {
    auto t = transport_config(spec);
    if (!t) return tl::unexpected(t.error());
    idcard::ReaderConfig rc;
    rc.transport = *t;
    rc.self_reconnect = false;  // the manager's backoff and hotplug thread reconnect it
    rc.idle_check_interval = Millis(spec.option_int("idle_check_ms", 10000));
    auto transport = injected();
    auto reader = transport ? std::make_unique<idcard::Reader>(rc, std::move(transport), idcard::ReaderEvents{})
                            : std::make_unique<idcard::Reader>(rc, idcard::ReaderEvents{});
    reader->start();
    // Polling for cards notices a vanished reader at once; without it the idle SAM check does.
    reader->set_wanted(spec.option_int("poll_cards", 0) != 0);
    auto& ref = *reader;
    return std::shared_ptr<DeviceAdapter>(std::make_shared<IdCardAdapter>(ref, std::move(reader)));
  }
  if (spec.family == "receipt_printer") {
    std::unique_ptr<Transport> transport = injected();
    if (!transport) {
      auto built = make_device_transport(spec);
      if (!built) return tl::unexpected(built.error());
      transport = std::move(*built);
    }
    printer::ReceiptPrinterConfig pc;
    pc.name = spec.options.count("model") ? spec.options.at("model") : spec.name;
    pc.width_dots = spec.option_int("width_dots", 576);
    pc.idle_poll = Millis(spec.option_int("idle_poll_ms", 2000));
    pc.reopen_when_idle = false;  // the manager's backoff reopens it; a job still opens it at once
    const std::string described = transport->describe();
    auto p = std::make_unique<printer::ReceiptPrinter>(pc, std::move(transport));
    auto& ref = *p;
    return std::shared_ptr<DeviceAdapter>(std::make_shared<PrinterAdapter>(ref, described, std::move(p)));
  }
  if (spec.family == "camera") {
    auto cc = camera_config(spec);
    if (!cc) return tl::unexpected(cc.error());
    return std::shared_ptr<DeviceAdapter>(std::make_shared<CameraAdapter>(std::move(*cc)));
  }
  if (spec.family == "scanner") {
    const auto src = spec.options.count("source") ? spec.options.at("source") : std::string("flatbed");
    const auto source = src == "adf" ? scanner::ScanSource::Adf : src == "adf_duplex" ? scanner::ScanSource::AdfDuplex
                                                                                        : scanner::ScanSource::Flatbed;
    if (spec.port.empty()) return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": scanner needs its SANE name as port");
    // Options named "sane.<option>" go to the backend as they are (e.g. "sane.test-picture").
    std::vector<std::pair<std::string, std::string>> sane;
    for (const auto& [k, v] : spec.options)
      if (k.rfind("sane.", 0) == 0) sane.emplace_back(k.substr(5), v);
    return std::shared_ptr<DeviceAdapter>(std::make_shared<ScannerAdapter>(spec.port, source, std::move(sane), services.sane));
  }
  if (spec.family == "sscard") {
    smartcard::PcscConfig pc;
    pc.reader_filter = spec.port;
    pc.self_reconnect = false;
    pc.api = services.pcsc;
    auto r = std::make_unique<smartcard::PcscReader>(pc, [](const smartcard::SmartcardEvent&) {});
    r->start();
    auto& ref = *r;
    return std::shared_ptr<DeviceAdapter>(std::make_shared<PcscAdapter>(ref, std::move(r)));
  }
  if (spec.family == "barcode") {
    if (spec.port.empty()) return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": barcode scanner needs a serial port");
    barcode::SerialScannerConfig sc;
    sc.port = spec.port;
    sc.baud = static_cast<unsigned>(spec.option_int("baud", 9600));
    sc.lines.max_bytes = static_cast<std::size_t>(spec.option_int("max_bytes", static_cast<int>(sc.lines.max_bytes)));
    sc.lines.partial_timeout = Millis(spec.option_int("partial_timeout_ms", static_cast<int>(sc.lines.partial_timeout.count())));
    sc.self_reconnect = false;
    if (spec.options.count("suffix")) {
      auto suffix = barcode::parse_line_suffix(spec.options.at("suffix"));
      if (!suffix) return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": unknown suffix " + spec.options.at("suffix"));
      sc.lines.suffix = *suffix;
    }
    auto s = std::make_unique<barcode::SerialScanner>(sc, nullptr, injected());
    s->start();
    auto& ref = *s;
    return std::shared_ptr<DeviceAdapter>(std::make_shared<BarcodeAdapter>(ref, std::move(s)));
  }
  return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": no driver for family \"" + spec.family + "\"");
}

DeviceResult<void> DeviceManager::add_from_spec(const DeviceSpec& spec) {
  auto a = make_adapter(spec);
  if (!a) return tl::unexpected(a.error());
  add(spec, std::move(*a), "config");
  return {};
}

}  // namespace ow::drivers
