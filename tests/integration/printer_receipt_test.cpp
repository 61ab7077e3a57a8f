// The receipt printer driver against `devsim printer` over loopback TCP: what comes out on paper
// (decoded back with ZXing), and every fault the kiosk must survive.
#include <doctest/doctest.h>

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "drivers/printer/receipt_printer.hpp"
#include "drivers/transport/tcp_transport.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "tests/integration/printer_sim_process.hpp"
#include "tests/integration/sample_receipt.hpp"
#include "tests/temp_dir.hpp"

using namespace ow;
using namespace ow::drivers::printer;
using ow::test::sample_receipt;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

std::unique_ptr<ReceiptPrinter> connect(std::uint16_t port, ReceiptPrinterConfig config = {}) {
  config.status_timeout = 500ms;
  config.write_timeout = 3s;
  config.idle_poll = 300ms;
  return std::make_unique<ReceiptPrinter>(config, std::make_unique<drivers::TcpTransport>("127.0.0.1", port, 500ms));
}

JobResult print_and_wait(ReceiptPrinter& p, PrintJob job) {
  std::promise<JobResult> done;
  auto f = done.get_future();
  p.print(std::move(job), [&done](const JobResult& r) { done.set_value(r); });
  REQUIRE(f.wait_for(20s) == std::future_status::ready);
  return f.get();
}

JobResult reprint_and_wait(ReceiptPrinter& p, std::uint64_t id) {
  std::promise<JobResult> done;
  auto f = done.get_future();
  p.reprint(id, [&done](const JobResult& r) { done.set_value(r); });
  REQUIRE(f.wait_for(20s) == std::future_status::ready);
  return f.get();
}

std::string decode_qr(const std::string& png) {
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &n, 1);
  REQUIRE(pixels != nullptr);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const auto result = ZXing::ReadBarcode(ZXing::ImageView(pixels, w, h, ZXing::ImageFormat::Lum), hints);
  stbi_image_free(pixels);
  return result.isValid() ? result.text() : std::string();
}

std::string read_text(const std::string& png) {
  std::ifstream in(std::filesystem::path(png).replace_extension(".txt"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

receipt::Font& font() {
  static auto f = receipt::Font::load(kFont, 2);
  REQUIRE(f);
  return **f;
}

PrintJob receipt_job(receipt::PrintMode mode, int width = 576) {
  auto job = receipt::to_print_job(receipt::layout_receipt(sample_receipt()), {width, mode, true}, font());
  REQUIRE(job);
  return *job;
}

}  // namespace

TEST_CASE("a raster receipt comes out of the printer with a QR code that reads back as the query URL") {
  const TempDir dir("printer-raster");
  test::PrinterSimProcess sim(dir);
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  const auto layout = receipt::layout_receipt(sample_receipt());
  const auto runs = receipt::text_runs(layout);
  auto has = [&](const std::string& needle) {
    return std::any_of(runs.begin(), runs.end(), [&](const std::string& r) { return r.find(needle) != std::string::npos; });
  };
  CHECK(has("SL20261122000123"));
  CHECK(has("110105********002X"));
  CHECK(has("张*丰"));
  CHECK_FALSE(has("11010519491231002X"));
  CHECK_FALSE(has("张三丰"));

  const auto r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Raster));
  CHECK_MESSAGE(r.ok(), r.message);
  const auto png = sim.next_printed();
  REQUIRE(png);
  CHECK(decode_qr(*png) == sample_receipt().query_url);
  const auto c = printer->counters();
  CHECK(c.receipts == 1);
  CHECK(c.cuts == 1);
  CHECK(c.paper_used_m > 0.05);
  CHECK(printer->status().state == drivers::DeviceState::Online);
}

TEST_CASE("text mode: GB18030 text and the printer's own QR code, on 58 mm paper") {
  const TempDir dir("printer-text");
  test::PrinterSimProcess sim(dir, {}, 384);
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  const auto r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Text, 384));
  CHECK_MESSAGE(r.ok(), r.message);
  const auto png = sim.next_printed();
  REQUIRE(png);
  const std::string text = read_text(*png);
  CHECK(text.find("受理编号：SL20261122000123") != std::string::npos);
  CHECK(text.find("110105********002X") != std::string::npos);
  CHECK(text.find("11010519491231002X") == std::string::npos);
  CHECK(text.find("[QR] " + sample_receipt().query_url) != std::string::npos);
  CHECK(decode_qr(*png) == sample_receipt().query_url);
}

TEST_CASE("paper out before the job: refused, nothing printed, reprint after new paper") {
  const TempDir dir("printer-out-before");
  test::PrinterSimProcess sim(dir, {"--fault", "paper out"});
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  const auto r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Raster));
  CHECK(r.failure == JobFailure::PaperOut);
  CHECK_FALSE(r.started);
  CHECK(r.reprint_available);
  CHECK(printer->status().state == drivers::DeviceState::UserError);
  CHECK(printer->status().paper == PaperLevel::Out);
  CHECK(sim.control("status").find("pieces=0") != std::string::npos);
  REQUIRE(printer->failed_jobs().size() == 1);

  CHECK(sim.control("paper ok").rfind("ok", 0) == 0);
  const auto again = reprint_and_wait(*printer, r.job_id);
  CHECK_MESSAGE(again.ok(), again.message);
  const auto png = sim.next_printed();
  REQUIRE(png);
  CHECK(decode_qr(*png) == sample_receipt().query_url);
  CHECK(printer->failed_jobs().empty());
}

TEST_CASE("paper running out mid-job: the job fails with a reprint, and the reprint is whole") {
  const TempDir dir("printer-out-mid");
  test::PrinterSimProcess sim(dir, {"--fault", "paper out_after 12"});
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  const auto r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Raster));
  CHECK(r.failure == JobFailure::PaperOut);
  CHECK(r.started);
  CHECK(r.reprint_available);
  const auto partial = sim.next_printed();
  REQUIRE(partial);
  CHECK(partial->find("paper-out") != std::string::npos);
  CHECK(printer->counters().jobs_failed == 1);

  sim.control("paper ok");
  const auto again = reprint_and_wait(*printer, r.job_id);
  CHECK_MESSAGE(again.ok(), again.message);
  const auto png = sim.next_printed();
  REQUIRE(png);
  CHECK(decode_qr(*png) == sample_receipt().query_url);
}

TEST_CASE("cover open refuses the job; near end prints and warns") {
  const TempDir dir("printer-cover");
  test::PrinterSimProcess sim(dir, {"--fault", "cover open"});
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  auto r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Text));
  CHECK(r.failure == JobFailure::CoverOpen);
  CHECK(printer->status().cover_open);
  CHECK(printer->status().state == drivers::DeviceState::UserError);

  sim.control("cover close");
  sim.control("paper near_end");
  r = print_and_wait(*printer, receipt_job(receipt::PrintMode::Text));
  CHECK_MESSAGE(r.ok(), r.message);
  CHECK(printer->status().paper == PaperLevel::NearEnd);
  CHECK(printer->status().state == drivers::DeviceState::Online);
}

TEST_CASE("a printer that vanishes: before the job, and in the middle of one") {
  const TempDir dir("printer-vanish");
  test::PrinterSimProcess sim(dir, {"--fault", "slow 20000"});
  REQUIRE(sim.running());
  auto printer = connect(sim.port());
  std::promise<JobResult> done;
  auto f = done.get_future();
  printer->print(receipt_job(receipt::PrintMode::Raster), [&done](const JobResult& r) { done.set_value(r); });
  // The slow printer takes the ~40 KB receipt over ~2 s; pull the plug once it has started.
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (printer->status().state != drivers::DeviceState::Busy && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(200ms);
  sim.kill();
  REQUIRE(f.wait_for(20s) == std::future_status::ready);
  const auto r = f.get();
  CHECK(r.failure == JobFailure::NoDevice);
  CHECK(r.started);
  CHECK(r.reprint_available);
  CHECK(printer->status().state != drivers::DeviceState::Online);

  // Gone before the next job: refused at once, kept for reprint.
  const auto r2 = print_and_wait(*printer, receipt_job(receipt::PrintMode::Text));
  CHECK(r2.failure == JobFailure::NoDevice);
  CHECK_FALSE(r2.started);
  CHECK(printer->status().state == drivers::DeviceState::NoDevice);
  CHECK(printer->failed_jobs().size() == 2);
}

TEST_CASE("the paper estimate warns technicians before the roll ends") {
  const TempDir dir("printer-estimate");
  test::PrinterSimProcess sim(dir);
  REQUIRE(sim.running());
  ReceiptPrinterConfig config;
  config.roll_length_m = 0.5;
  config.low_soon_left_m = 0.3;
  auto printer = connect(sim.port(), config);
  CHECK(print_and_wait(*printer, receipt_job(receipt::PrintMode::Raster)).ok());
  CHECK_FALSE(printer->status().paper_low_soon);
  CHECK(print_and_wait(*printer, receipt_job(receipt::PrintMode::Raster)).ok());
  CHECK(printer->status().paper_low_soon);
  CHECK(printer->counters().paper_left_m < 0.3);
  printer->paper_replaced();
  CHECK_FALSE(printer->status().paper_low_soon);
}
