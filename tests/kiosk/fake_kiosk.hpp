#pragma once
// An AppCore composed over the in-process fakes beside the drivers: the ID card reader, the
// receipt printer and the barcode scanner on fake links, the social security card reader on the
// fake PC/SC, the cameras from memory, document scanners on the in-memory SANE backend. Everything between a fake and the core is the kiosk's own
// code (the device manager, the drivers, the composition root's subscriptions, the post to the
// UI thread). The test drives the core as the UI loop does — intents in, update(now) — and waits
// on conditions with timeouts, woken by the core's waker, never by sleeping.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "drivers/barcode/fake_scanner_device.hpp"
#include "drivers/camera/fake_camera.hpp"
#include "drivers/idcard/fake_reader_device.hpp"
#include "drivers/printer/fake_printer_device.hpp"
#include "drivers/scanner/fake_scanner.hpp"
#include "drivers/smartcard/fake_pcsc.hpp"
#include "kiosk/composition.hpp"
#include "kiosk/devices.hpp"
#include "tests/temp_dir.hpp"
#include "tests/kiosk/plausible_form.hpp"

namespace ow::test {

// The fakes, built before the core and gone after it.
struct FakeDevices {
  drivers::idcard::fake::FakeIdCardReader reader;
  drivers::printer::FakeReceiptPrinter printer;
  drivers::barcode::FakeBarcodeScanner scanner;
  std::shared_ptr<drivers::smartcard::FakePcsc> pcsc = std::make_shared<drivers::smartcard::FakePcsc>();
  std::shared_ptr<drivers::scanner::FakeSaneBackend> sane = std::make_shared<drivers::scanner::FakeSaneBackend>();  // [[device]] scanners
  drivers::camera::FakeCamera face_camera, document_camera;

  explicit FakeDevices(const std::string& name, std::vector<drivers::idcard::fake::CardFixture> cards)
      : reader(std::move(cards)), face_camera(name + "-face"), document_camera(name + "-document") {}

  // What build_device_manager needs to put the fakes where the hardware would be.
  DeviceBuildOptions options(const std::filesystem::path& dir) {
    DeviceBuildOptions o;
    o.manager.usb = false;
    o.manager.poll_interval = std::chrono::milliseconds(20);
    o.manager.backoff_base = std::chrono::milliseconds(20);
    o.manager.backoff_cap = std::chrono::milliseconds(100);
    o.manager.counters_file = dir / "counters.json";
    o.manager.dev_root = dir;
    o.manager.sysfs_root = dir;
    o.transports = [this](const drivers::DeviceSpec& spec) -> std::unique_ptr<drivers::Transport> {
      if (spec.name == kIdCardDevice) return reader.transport();
      if (spec.name == kPrinterDevice) return printer.transport();
      if (spec.name == kBarcodeDevice) return scanner.transport();
      return nullptr;
    };
    o.pcsc = pcsc;
    o.sane = sane;
    return o;
  }
};

// Every fixture card, and one of a type the reader does not know.
inline std::vector<drivers::idcard::fake::CardFixture> fake_kiosk_cards() {
  auto cards = drivers::idcard::fake::sample_cards();
  auto unknown = cards.front();
  unknown.id = "unknown_type";
  unknown.type = "unknown:Z";
  cards.push_back(unknown);
  return cards;
}

struct FakeKiosk : FakeDevices {
  TempDir dir;
  std::unique_ptr<AppCore> core;
  SteadyTime t = std::chrono::steady_clock::now();

  explicit FakeKiosk(const std::string& name, const std::function<void(Config&)>& configure = {})
      : FakeDevices("fake-kiosk-" + name, fake_kiosk_cards()), dir("fake-kiosk-" + name) {
    Config c = default_config();
    c.data_dir = dir.path / "data";
    c.idcard.port = "/fake/idcard";
    c.sscard.enabled = true;
    c.printer.transport = "tcp";
    c.printer.address = "127.0.0.1:9100";
    c.printer.text_mode = true;  // the receipt's text goes down the wire as text, so tests can read it
    c.barcode.port = "/fake/barcode";
    c.face_camera.source = face_camera.source();
    c.document_camera.source = document_camera.source();
    if (configure) configure(c);
    auto devices = build_device_manager(c, options(dir.path));
    REQUIRE_MESSAGE(devices, devices.error().message);
    auto created = compose(c, std::move(*devices));
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
    core->set_waker([this] {
      std::lock_guard lock(mu_);
      woken_ = true;
      cv_.notify_all();
    });
  }
  ~FakeKiosk() { core.reset(); }  // stops the drivers before the fakes go
  FakeKiosk(const FakeKiosk&) = delete;
  FakeKiosk& operator=(const FakeKiosk&) = delete;

  SteadyTime now() { return t = std::max(t, std::chrono::steady_clock::now()); }
  void send(Intent i) { core->dispatch(i, now()); }

  // Runs the UI loop's update until `done` holds or `timeout` passes; between updates it waits
  // for the core's waker (a driver or worker posted something), not for a clock.
  bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      core->update(now());
      if (done()) return true;
      std::unique_lock lock(mu_);
      if (!cv_.wait_until(lock, deadline, [this] { return woken_; })) break;
      woken_ = false;
    }
    core->update(now());
    return done();
  }
  bool wait_for_screen(ScreenId screen, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_until([&] { return core->screen() == screen; }, timeout);
  }

  std::string matter_code(const std::string& name) const {
    for (const auto& m : core->catalog().matters)
      if (m.name == name) return m.code;
    FAIL("no matter named " << name);
    return {};
  }
  // Types a plausible value into every field the citizen fills by hand.
  void fill_form(const std::string& phone) {
    for (const auto& fv : core->application().form_view().fields)
      if (auto v = test::plausible_value(fv, phone, "110105198001011238")) send(intent::SetField{fv.field->key, *v});
  }
  // Every material: the electronic licence where there is one, else the 告知承诺 where one replaces
  // the proof, else the 容缺 promise.
  void hand_in_materials() {
    for (const auto& item : core->materials().materials_view()) {
      if (!item.material->licence_type.empty()) send(intent::UseLicence{item.material->code});
      else if (!item.material->promise.empty()) send(intent::PromiseMaterial{item.material->code});
      else send(intent::DeferMaterial{item.material->code});
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
};

}  // namespace ow::test
