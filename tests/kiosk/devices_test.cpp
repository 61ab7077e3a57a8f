// The kiosk's devices built from the config by one DeviceManager, with the in-process fakes
// injected as transports: the features' drivers come out typed, their events reach subscribers,
// the manager's backoff is the one that brings a lost device back, and bad config is refused
// naming its key. Nothing sleeps: every wait is on a condition with a timeout.
#include <doctest/doctest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "drivers/barcode/fake_scanner_device.hpp"
#include "drivers/barcode/serial_scanner.hpp"
#include "drivers/idcard/fake_reader_device.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/fake_printer_device.hpp"
#include "drivers/printer/receipt_printer.hpp"
#include "kiosk/devices.hpp"
#include "tests/temp_dir.hpp"

using namespace ow;
using namespace std::chrono_literals;

namespace {

// Something a driver's thread hands over, waited for by the test.
template <class T>
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<T> items;
  void put(T v) {
    std::lock_guard lock(mu);
    items.push_back(std::move(v));
    cv.notify_all();
  }
  template <class P>
  bool wait(P pred, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return pred(items); });
  }
};

// A manager that polls and backs off quickly, without USB.
DeviceBuildOptions quick(const TempDir& dir) {
  DeviceBuildOptions o;
  o.manager.usb = false;
  o.manager.poll_interval = 20ms;
  o.manager.backoff_base = 20ms;
  o.manager.backoff_cap = 100ms;
  o.manager.counters_file = dir.path / "counters.json";
  o.manager.dev_root = dir.path;
  o.manager.sysfs_root = dir.path;
  return o;
}

bool wait_state(drivers::DeviceManager& m, const std::string& name, drivers::DeviceState want, std::chrono::milliseconds timeout = 5s) {
  // The manager reports through on_event; polling it here would need sleeps.
  auto v = m.device(name);
  if (v && v->state == want) return true;
  std::mutex mu;
  std::condition_variable cv;
  bool reached = false;
  m.on_event([&](const drivers::DeviceEvent& e) {
    std::lock_guard lock(mu);
    if (e.name == name && e.to == want) reached = true;
    cv.notify_all();
  });
  std::unique_lock lock(mu);
  const bool ok = cv.wait_for(lock, timeout, [&] {
    if (reached) return true;
    auto now = m.device(name);
    return now && now->state == want;
  });
  lock.unlock();
  m.on_event(nullptr);
  return ok;
}

Config write_config(const TempDir& dir, const std::string& text) {
  const auto file = dir.path / "kiosk.toml";
  std::ofstream(file) << "[kiosk]\ndata_dir = \"" << (dir.path / "data").string() << "\"\n" << text;
  auto c = load_config(file);
  REQUIRE_MESSAGE(c, c.error().message);
  return *c;
}

std::string config_error(const TempDir& dir, const std::string& text) {
  const auto file = dir.path / "bad.toml";
  std::ofstream(file) << "[kiosk]\ndata_dir = \"" << (dir.path / "data").string() << "\"\n" << text;
  auto c = load_config(file);
  if (!c) return c.error().message;
  auto specs = device_specs(*c);
  return specs ? std::string("(accepted)") : specs.error().message;
}

}  // namespace

TEST_CASE("the manager builds every section's driver from the config; fakes stand in for the hardware") {
  const TempDir dir("devices-build");
  drivers::idcard::fake::FakeIdCardReader reader(drivers::idcard::fake::sample_cards());
  drivers::printer::FakeReceiptPrinter printer;
  drivers::barcode::FakeBarcodeScanner scanner;
  const Config c = write_config(dir, "[idcard]\nport = \"/fake/idcard\"\n"
                                     "[printer]\ntransport = \"tcp\"\naddress = \"127.0.0.1:9100\"\nwidth_dots = 384\n"
                                     "[barcode]\nport = \"/fake/barcode\"\n");
  auto specs = device_specs(c);
  REQUIRE_MESSAGE(specs, specs.error().message);
  CHECK(specs->size() == 3);

  DeviceBuildOptions o = quick(dir);
  o.transports = [&](const drivers::DeviceSpec& spec) -> std::unique_ptr<drivers::Transport> {
    if (spec.name == kIdCardDevice) return reader.transport();
    if (spec.name == kPrinterDevice) return printer.transport();
    if (spec.name == kBarcodeDevice) return scanner.transport();
    return nullptr;
  };
  auto built = build_device_manager(c, o);
  REQUIRE_MESSAGE(built, built.error().message);
  drivers::DeviceManager& m = **built;
  const KioskDevices d = kiosk_devices(c, m);
  REQUIRE(d.idcard);
  REQUIRE(d.receipt_printer);
  REQUIRE(d.barcode);
  CHECK(d.sscard == nullptr);
  CHECK(d.receipt_printer->config().width_dots == 384);
  CHECK(m.get<drivers::idcard::Reader>(kPrinterDevice) == nullptr);  // typed: a printer is no reader

  SUBCASE("a card placed on the fake reader reaches the subscriber as CardData") {
    Inbox<std::string> cards;
    Inbox<drivers::DeviceState> states;
    drivers::idcard::ReaderEvents ev;
    ev.card_read = [&](drivers::idcard::CardData card) { cards.put(card.id_number.str()); };
    ev.status_changed = [&](const drivers::idcard::ReaderStatus& s) { states.put(s.state); };
    d.idcard->set_events(std::move(ev));
    d.idcard->set_wanted(true);
    REQUIRE(wait_state(m, kIdCardDevice, drivers::DeviceState::Online));
    REQUIRE(reader.place("resident_male"));
    REQUIRE(cards.wait([](auto& v) { return !v.empty(); }));
    CHECK(cards.items.front() == "110105198001011238");
    CHECK(states.wait([](auto& v) { return !v.empty(); }));  // Busy while reading, Online after
    CHECK(reader.reads() == 1);
  }

  SUBCASE("a job reaches the fake printer as ESC/POS, its status answered from the fake's sensors") {
    REQUIRE(wait_state(m, kPrinterDevice, drivers::DeviceState::Online));
    Inbox<drivers::printer::JobResult> done;
    drivers::printer::PrintJob job{"test", {drivers::printer::TextLine{"OneWindow"}, drivers::printer::Feed{1},
                                            drivers::printer::Cut{drivers::printer::CutKind::Partial}}};
    d.receipt_printer->print(std::move(job), [&](const drivers::printer::JobResult& r) { done.put(r); });
    REQUIRE(done.wait([](auto& v) { return !v.empty(); }));
    CHECK(done.items.front().ok());
    const auto printed = printer.printed();
    const std::string text(printed.begin(), printed.end());
    CHECK(text.find("OneWindow") != std::string::npos);
    CHECK(printer.status_queries() >= 8);  // before and after the job, four DLE EOT each

    // Paper out: the driver reports it, and a subscriber to its status hears of it.
    Inbox<drivers::printer::ReceiptPrinterStatus> statuses;
    d.receipt_printer->on_status([&](const drivers::printer::ReceiptPrinterStatus& s) { statuses.put(s); });
    drivers::printer::PrinterCondition out;
    out.paper = drivers::printer::PaperLevel::Out;
    printer.set_condition(out);
    d.receipt_printer->print(drivers::printer::PrintJob{"test", {drivers::printer::TextLine{"x"}}},
                             [&](const drivers::printer::JobResult& r) { done.put(r); });
    REQUIRE(done.wait([](auto& v) { return v.size() == 2; }));
    CHECK(done.items.back().failure == drivers::printer::JobFailure::PaperOut);
    CHECK(statuses.wait([](auto& v) { return !v.empty() && v.back().paper == drivers::printer::PaperLevel::Out; }));
    d.receipt_printer->on_status(nullptr);
  }

  SUBCASE("a scan fed through the fake transport reaches the subscriber; unplugging is noticed") {
    Inbox<std::string> scans;
    d.barcode->set_events([&](drivers::barcode::ScannerEvent e) {
      if (auto* s = std::get_if<drivers::barcode::ScanEvent>(&e)) scans.put(s->text.str());
    });
    REQUIRE(wait_state(m, kBarcodeDevice, drivers::DeviceState::Online));
    scanner.scan("https://zwfw.example.gov.cn/q?no=1");
    REQUIRE(scans.wait([](auto& v) { return !v.empty(); }));
    CHECK(scans.items.front() == "https://zwfw.example.gov.cn/q?no=1");
    d.barcode->set_events(nullptr);
  }

  SUBCASE("the manager's backoff, not the driver, reopens a device that went away") {
    REQUIRE(wait_state(m, kPrinterDevice, drivers::DeviceState::Online));
    const int opens = printer.link().opens();
    printer.link().set_present(false);
    // A status poll fails (the driver's idle poll or the manager's reconnect attempt).
    d.receipt_printer->reconnect_now();
    REQUIRE(wait_state(m, kPrinterDevice, drivers::DeviceState::NoDevice));
    printer.link().set_present(true);
    REQUIRE(wait_state(m, kPrinterDevice, drivers::DeviceState::Online));
    CHECK(printer.link().opens() > opens);
  }
  m.stop();
}

TEST_CASE("a reader built from a spec waits for the manager to reconnect it") {
  const TempDir dir("devices-reader-retry");
  drivers::idcard::fake::FakeIdCardReader reader(drivers::idcard::fake::sample_cards());
  reader.link().set_present(false);  // unplugged at start
  const Config c = write_config(dir, "[idcard]\nport = \"/fake/idcard\"\n");
  DeviceBuildOptions o = quick(dir);
  o.start = false;  // no backoff running yet
  o.transports = [&](const drivers::DeviceSpec&) { return reader.transport(); };
  auto built = build_device_manager(c, o);
  REQUIRE_MESSAGE(built, built.error().message);
  drivers::DeviceManager& m = **built;
  auto* driver = m.get<drivers::idcard::Reader>(kIdCardDevice);
  REQUIRE(driver);
  // Its first attempt, at start, failed.
  Inbox<std::string> errors;
  drivers::idcard::ReaderEvents ev;
  ev.error = [&](const drivers::DeviceError& e) { errors.put(e.message); };
  driver->set_events(std::move(ev));
  if (driver->status().counters.errors == 0) REQUIRE(errors.wait([](auto& v) { return !v.empty(); }));
  m.poll_now();
  CHECK(m.device(kIdCardDevice)->state == drivers::DeviceState::NoDevice);
  reader.link().set_present(true);
  // Without the manager's monitor nothing reopens it: the driver has no timer of its own.
  CHECK_FALSE(reader.link().wait_open(true, 300ms));
  m.start();
  CHECK(reader.link().wait_open(true, 5s));
  CHECK(wait_state(m, kIdCardDevice, drivers::DeviceState::Online));
  driver->set_events({});
  m.stop();
}

TEST_CASE("bad device config is refused at load, naming the key") {
  const TempDir dir("devices-bad");
  CHECK(config_error(dir, "[printer]\ntransport = \"tcp\"\naddress = \"abc\"\n") ==
        "printer.address: \"abc\" is not host:port (e.g. 192.168.1.50:9100)");
  CHECK(config_error(dir, "[printer]\ntransport = \"tcp\"\naddress = \"10.0.0.5:printer\"\n").find("printer.address:") == 0);
  CHECK(config_error(dir, "[printer]\ntransport = \"carrier-pigeon\"\n").find("printer.transport") == 0);
  CHECK(config_error(dir, "[printer]\ntransport = \"tcp\"\naddress = \"10.0.0.5:9100\"\nbaud = \"fast\"\n").find("printer.baud") !=
        std::string::npos);
  CHECK(config_error(dir, "[idcard]\ntransport = \"usb_bulk\"\n").find("idcard.usb_vendor:") == 0);

  const std::string bad_device = config_error(
      dir, "[[device]]\nname = \"printer2\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\nport = \"abc\"\n");
  CHECK(bad_device == "device #1 (\"printer2\") port: \"abc\" is not host:port");
  CHECK(config_error(dir, "[[device]]\nname = \"cam\"\nfamily = \"camera\"\ntransport = \"ipp\"\nport = \"/dev/video0\"\n")
            .find("device #1 (\"cam\") transport: \"ipp\" is not one of v4l2") == 0);
  CHECK(config_error(dir, "[[device]]\nname = \"scan\"\nfamily = \"barcode\"\nport = \"/dev/ttyACM0\"\noptions = { baud = \"fast\" }\n") ==
        "device #1 (\"scan\") options.baud: \"fast\" is not a number");
  CHECK(config_error(dir, "[printer]\ntransport = \"tcp\"\naddress = \"10.0.0.5:9100\"\n"
                          "[[device]]\nname = \"printer\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\nport = \"10.0.0.6:9100\"\n")
            .find("two devices are named \"printer\"") != std::string::npos);
}
