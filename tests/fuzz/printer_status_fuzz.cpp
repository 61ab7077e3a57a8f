// The receipt printer driver (drivers/printer/receipt_printer.hpp) reading DLE EOT answers as a
// printer would send them: every byte the driver reads comes from the input, over a transport
// that answers at once. Whatever the bytes, a job ends exactly once, a failed job is kept for
// reprint and leaves the status that made it fail. (The simulator's side is escpos_stream.)
// Input: one byte choosing the work and where the port fails (see below), then the answers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "drivers/printer/receipt_printer.hpp"

namespace {
using namespace ow::drivers;
using namespace ow::drivers::printer;

class ScriptedPort final : public Transport {
 public:
  ScriptedPort(std::vector<std::uint8_t> answers, std::size_t fail_at) : answers_(std::move(answers)), fail_at_(fail_at) {}
  DeviceResult<void> open() override {
    open_ = true;
    return {};
  }
  void close() override { open_ = false; }
  bool is_open() const override { return open_; }
  DeviceResult<void> write(std::span<const std::uint8_t>, Millis) override {
    if (!open_) return device_error(DeviceErrorCode::Io, "closed");
    return {};
  }
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis) override {
    if (!open_) return device_error(DeviceErrorCode::Io, "closed");
    if (fail_at_ != 0 && reads_++ + 1 == fail_at_) return device_error(DeviceErrorCode::Io, "unplugged");
    if (next_ >= answers_.size() || out.empty()) return device_error(DeviceErrorCode::Timeout, "no answer");
    out[0] = answers_[next_++];
    return std::size_t{1};
  }
  void discard_input() override {}
  double bytes_per_second() const override { return 11520; }
  std::string describe() const override { return "fuzz port"; }

 private:
  std::vector<std::uint8_t> answers_;
  std::size_t next_ = 0, fail_at_, reads_ = 0;
  bool open_ = false;
};

void check_ended(const JobResult& r, const ReceiptPrinterStatus& s) {
  // A printed job leaves the status of the printer's last answer after it (paper may run out at
  // the final cut): anything but busy or gone.
  if (r.ok()) {
    if (s.state == DeviceState::Busy || s.state == DeviceState::NoDevice || !r.started || r.reprint_available) std::abort();
    return;
  }
  // A failed job leaves the status that made it fail.
  const DeviceState want = [&] {
    switch (r.failure) {
      case JobFailure::PaperOut:
      case JobFailure::CoverOpen: return DeviceState::UserError;
      case JobFailure::DeviceError: return DeviceState::HardwareError;
      case JobFailure::Offline: return DeviceState::Offline;
      default: return s.state == DeviceState::NoDevice ? DeviceState::NoDevice : DeviceState::Offline;
    }
  }();
  if (s.state != want) std::abort();
  if (r.failure != JobFailure::BadJob && !r.reprint_available) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // Low two bits: the work (an external health check, a feed and cut, a picture in three bands,
  // two jobs); the other six: the read at which the port goes away (0: never).
  const int work = data[0] & 3;
  const std::size_t fail_at = data[0] >> 2;
  ReceiptPrinterConfig config;
  config.band_rows = 8;
  config.idle_poll = Millis(3600 * 1000);  // no idle poll between the first status and the work
  std::mutex mu;
  std::vector<std::pair<JobResult, ReceiptPrinterStatus>> ended;
  int health_done = 0;
  {
    ReceiptPrinter printer(config, std::make_unique<ScriptedPort>(std::vector<std::uint8_t>(data + 1, data + size), fail_at));
    auto record = [&](const JobResult& r) {
      std::lock_guard lock(mu);
      ended.emplace_back(r, printer.status());
    };
    switch (work) {
      case 0:
        printer.check_health(HealthLevel::External, [&](const HealthResult&) {
          std::lock_guard lock(mu);
          ++health_done;
        });
        break;
      case 1: printer.print(PrintJob{"test", {Feed{3}, Cut{}}}, record); break;
      case 2: printer.print(PrintJob{"test", {Image{Raster(64, 24)}, Cut{}}}, record); break;
      default:
        printer.print(PrintJob{"test", {Feed{1}}}, record);
        printer.print(PrintJob{"test", {Feed{2}, Cut{}}}, record);
        break;
    }
  }  // the destructor finishes the queued work, then joins
  const std::size_t jobs = work == 0 ? 0 : work == 3 ? 2 : 1;
  if (ended.size() != jobs || health_done != (work == 0 ? 1 : 0)) std::abort();
  for (const auto& [r, s] : ended) check_ended(r, s);
  return 0;
}
