#include <doctest/doctest.h>

#include <chrono>
#include <future>

#include "drivers/printer/receipt_printer.hpp"
#include "drivers/printer/usb_printer_transport.hpp"

using namespace ow::drivers;
using namespace ow::drivers::printer;
using namespace std::chrono_literals;

// No printer is attached to a build machine; the transport must say so as a value, and the
// receipt printer on top of it must show "no device" and keep the job for a reprint.
TEST_CASE("a USB printer that is not there is NoDevice, not a crash") {
  UsbPrinterTransport t({0x0416, 0x5011});  // a common POS-58 printer's VID:PID
  auto r = t.open();
  if (r) {
    MESSAGE("a USB printer 0416:5011 is attached; skipping the absent-device checks");
    return;
  }
  CHECK(r.error().code == DeviceErrorCode::NoDevice);
  CHECK(r.error().message.find("0416:5011") != std::string::npos);
  CHECK_FALSE(t.is_open());
  CHECK_FALSE(t.write(std::vector<std::uint8_t>{0x1B, 0x40}, 100ms));
  std::uint8_t b = 0;
  CHECK_FALSE(t.read({&b, 1}, 10ms));

  ReceiptPrinterConfig config;
  config.idle_poll = 10s;
  ReceiptPrinter printer(config, std::make_unique<UsbPrinterTransport>(UsbPrinterConfig{0x0416, 0x5011}));
  std::promise<JobResult> done;
  auto f = done.get_future();
  printer.print(PrintJob{"receipt", {TextLine{"test"}, Cut{}}}, [&done](const JobResult& j) { done.set_value(j); });
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  const auto j = f.get();
  CHECK(j.failure == JobFailure::NoDevice);
  CHECK(j.reprint_available);
  CHECK(printer.status().state == DeviceState::NoDevice);
}
