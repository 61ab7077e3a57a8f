// bench_printer: the receipt's way to paper. (1) From print() to the job's completion callback
// (every byte sent, status checked before, during and after) against devsim printer over
// loopback TCP, versus a raw TCP write of the same bytes followed by one status round trip.
// (2) Layout + raster rendering of a receipt with the CJK font, versus the text-mode job of the
// same layout (no glyph rendering).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <vector>

#include "drivers/printer/receipt_printer.hpp"
#include "drivers/transport/tcp_transport.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "tests/integration/printer_sim_process.hpp"
#include "tests/integration/sample_receipt.hpp"

namespace pr = ow::drivers::printer;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main() {
  constexpr int kRounds = 15;
  auto font = ow::receipt::Font::load("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2);
  if (!font) {
    std::fprintf(stderr, "bench_printer: %s\n", font.error().message.c_str());
    return 1;
  }
  const auto layout = ow::receipt::layout_receipt(ow::test::sample_receipt());

  // Layout + raster vs the text-mode job of the same receipt.
  std::vector<double> raster_ms, text_ms;
  for (int i = 0; i < kRounds; ++i) {
    auto t = Clock::now();
    auto job = ow::receipt::to_print_job(ow::receipt::layout_receipt(ow::test::sample_receipt()), {576, ow::receipt::PrintMode::Raster, true}, **font);
    raster_ms.push_back(ms_since(t));
    t = Clock::now();
    auto text = ow::receipt::to_print_job(ow::receipt::layout_receipt(ow::test::sample_receipt()), {576, ow::receipt::PrintMode::Text, true}, **font);
    text_ms.push_back(ms_since(t));
    if (!job || !text) return 1;
  }

  const auto dir = std::filesystem::temp_directory_path() / ("ow-bench-printer-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  ow::test::PrinterSimProcess sim(dir);
  if (!sim.running()) {
    std::fprintf(stderr, "bench_printer: devsim printer did not start\n");
    return 1;
  }
  auto job = ow::receipt::to_print_job(layout, {576, ow::receipt::PrintMode::Raster, true}, **font);
  auto chunks = pr::encode_job(*job);
  pr::Bytes all;
  for (const auto& c : *chunks) all.insert(all.end(), c.bytes.begin(), c.bytes.end());

  // Baseline: the same bytes in one write, then one DLE EOT 4 so the printer has taken them all.
  std::vector<double> raw_ms;
  {
    ow::drivers::TcpTransport tcp("127.0.0.1", sim.port());
    if (!tcp.open()) return 1;
    for (int i = 0; i < kRounds; ++i) {
      const auto t = Clock::now();
      if (!tcp.write(all, 5s) || !tcp.write(pr::escpos::status_query(4), 1s)) return 1;
      std::uint8_t b = 0;
      if (!tcp.read({&b, 1}, 2s)) return 1;
      raw_ms.push_back(ms_since(t));
    }
  }

  std::vector<double> driver_ms;
  {
    pr::ReceiptPrinter printer({}, std::make_unique<ow::drivers::TcpTransport>("127.0.0.1", sim.port()));
    for (int i = 0; i < kRounds; ++i) {
      std::promise<bool> done;
      auto f = done.get_future();
      const auto t = Clock::now();
      printer.print(*job, [&done](const pr::JobResult& r) { done.set_value(r.ok()); });
      if (!f.get()) {
        std::fprintf(stderr, "bench_printer: a job failed\n");
        return 1;
      }
      driver_ms.push_back(ms_since(t));
    }
  }
  sim.kill();
  std::filesystem::remove_all(dir);

  const double d = median(driver_ms), r = median(raw_ms), lr = median(raster_ms), lt = median(text_ms);
  std::fprintf(stderr,
               "bench_printer (median of %d, 576-dot raster receipt of %zu bytes in %zu chunks)\n"
               "  submit → job done (driver, status checks)  %8.2f ms\n"
               "  raw TCP write + 1 status round trip         %8.2f ms   ratio %.2f\n"
               "  layout + raster render                       %8.2f ms\n"
               "  layout + text-mode job                       %8.2f ms   ratio %.2f\n",
               kRounds, all.size(), chunks->size(), d, r, r > 0 ? d / r : 0, lr, lt, lt > 0 ? lr / lt : 0);
  nlohmann::json out{{"bench", "printer"},
                     {"rounds", kRounds},
                     {"receipt_bytes", all.size()},
                     {"chunks", chunks->size()},
                     {"submit_to_done_ms", d},
                     {"raw_tcp_ms", r},
                     {"layout_raster_ms", lr},
                     {"layout_text_ms", lt},
                     {"ratios", {{"driver_vs_raw_tcp", r > 0 ? d / r : 0}, {"raster_vs_text_layout", lt > 0 ? lr / lt : 0}}}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
