// The A4 printer (IPP / CUPS) as a device of the device manager: its state from
// printer-state-reasons, health at the three levels (internal: the last known state; external:
// Get-Printer-Attributes now; interactive: the A4 test page), and "print A4 test page".
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "drivers/device_adapters.hpp"
#include "drivers/printer/ipp_printer.hpp"

namespace ow::drivers {

namespace {
using Clock = std::chrono::steady_clock;

bool working(DeviceState s) { return s == DeviceState::Online || s == DeviceState::Busy; }

class A4PrinterAdapter final : public DeviceAdapter {
 public:
  A4PrinterAdapter(printer::IppPrinterConfig config, Millis idle_poll, A4TestPage test_page)
      : config_(std::move(config)), idle_poll_(idle_poll), printer_(config_), test_page_(std::move(test_page)) {
    printer_.refresh();
    last_refresh_ = Clock::now();
  }

  DeviceState state() const override {
    refresh_when_due();
    return printer_.status().state;
  }
  DeviceDetails details() const override {
    const auto s = printer_.status();
    const char* paper = s.paper == printer::PaperLevel::Out ? "out" : s.paper == printer::PaperLevel::NearEnd ? "low" : "ok";
    std::string reasons;
    for (const auto& r : s.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
    return {{"paper", paper}, {"reasons", reasons.empty() ? "none" : reasons}, {"detail", s.detail}};
  }
  std::vector<std::string> capabilities() const override { return {"a4", "pdf", "ipp"}; }
  DeviceIdentity identity() const override { return DeviceIdentity{"", "IPP Everywhere A4 printer", "", ""}; }
  UsageCounters counters() const override {
    const auto c = printer_.counters();
    return UsageCounters{c.operations, c.errors, 0, c.last_error};
  }
  std::string port() const override { return config_.uri; }
  void reconnect() override { printer_.refresh(); }

  void check_health(HealthLevel level, std::function<void(HealthResult)> done) override {
    if (level == HealthLevel::Internal) {
      const auto s = printer_.status();
      const auto c = printer_.counters();
      done(HealthResult{working(s.state), std::string(to_string(s.state)) + " — " + s.detail + "; jobs " +
                                              std::to_string(c.operations) + ", errors " + std::to_string(c.errors)});
      return;
    }
    if (level == HealthLevel::External) {
      auto st = printer::ipp_query_printer(config_);
      printer_.refresh();  // the device status follows what the printer just said
      if (!st) {
        done(HealthResult{false, st.error().message});
        return;
      }
      const auto s = printer::status_from_reasons(st->state, st->reasons);
      const bool pdf = std::find(st->formats.begin(), st->formats.end(), "application/pdf") != st->formats.end();
      std::string text = "printer-state " + std::to_string(st->state) + ", " + s.detail + (pdf ? ", accepts PDF" : ", does not accept PDF");
      if (!st->message.empty()) text += ", message: " + st->message;
      done(HealthResult{working(s.state) && pdf, text});
      return;
    }
    print_test_page([done = std::move(done)](ActionResult r) { done(r); });
  }

  std::vector<DeviceAction> actions() const override { return {{"a4_test_page", "Print an A4 test page"}}; }
  void run_action(const std::string& id, std::function<void(ActionResult)> done) override {
    if (id != "a4_test_page") {
      done(ActionResult{{false, "no action " + id}, {}, nullptr});
      return;
    }
    print_test_page(std::move(done));
  }

 private:
  // An idle printer is asked again now and then, so paper-out or a printer switched off shows
  // on the overview without anyone printing.
  void refresh_when_due() const {
    std::lock_guard lock(mu_);
    if (Clock::now() - last_refresh_ < idle_poll_) return;
    last_refresh_ = Clock::now();
    printer_.refresh();
  }

  void print_test_page(std::function<void(ActionResult)> done) {
    if (!test_page_) {
      done(ActionResult{{false, "no A4 test page layout is available"}, {}, nullptr});
      return;
    }
    static std::atomic<int> serial{0};
    const auto pdf = std::filesystem::temp_directory_path() /
                     ("ow-a4-test-" + std::to_string(getpid()) + "-" + std::to_string(++serial) + ".pdf");
    if (auto made = test_page_(pdf); !made) {
      done(ActionResult{{false, "A4 test page: " + made.error().message}, {}, nullptr});
      return;
    }
    printer_.print_pdf(pdf, "OneWindow A4 test page", [pdf, done = std::move(done)](const printer::IppJobResult& r) {
      std::error_code ec;
      std::filesystem::remove(pdf, ec);
      done(ActionResult{{r.ok(), r.ok() ? "A4 test page printed (job " + std::to_string(r.job_id) + "): check it by eye"
                                        : std::string(printer::to_string(r.failure)) + ": " + r.message},
                        {},
                        nullptr});
    });
  }

  printer::IppPrinterConfig config_;
  Millis idle_poll_;
  mutable printer::IppPrinter printer_;
  A4TestPage test_page_;
  mutable std::mutex mu_;
  mutable Clock::time_point last_refresh_;
};
}  // namespace

DeviceResult<std::shared_ptr<DeviceAdapter>> make_a4_adapter(const DeviceSpec& spec, A4TestPage test_page) {
  if (spec.port.rfind("ipp://", 0) != 0 && spec.port.rfind("ipps://", 0) != 0)
    return device_error(DeviceErrorCode::Unsupported, "device " + spec.name + ": an A4 printer's port is its ipp:// or ipps:// URI");
  printer::IppPrinterConfig c;
  c.uri = spec.port;
  c.poll = Millis(spec.option_int("poll_ms", 500));
  c.job_timeout = Millis(spec.option_int("job_timeout_ms", 120000));
  c.fault_grace = Millis(spec.option_int("fault_grace_ms", 3000));
  return std::shared_ptr<DeviceAdapter>(
      std::make_shared<A4PrinterAdapter>(c, Millis(spec.option_int("idle_poll_ms", 5000)), std::move(test_page)));
}

}  // namespace ow::drivers
