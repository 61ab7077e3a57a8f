#include "drivers/printer/receipt_printer.hpp"
#include "base/thread_guard.hpp"

#include <algorithm>

namespace ow::drivers::printer {

namespace {

constexpr double kMetresPerDot = 0.125e-3;  // 203 dpi

// Why a printer in condition `c` cannot print now; None when it can.
JobFailure blocking_failure(const PrinterCondition& c) {
  if (c.cover_open) return JobFailure::CoverOpen;
  if (c.paper == PaperLevel::Out || c.stopped_paper_end) return JobFailure::PaperOut;
  if (c.error) return JobFailure::DeviceError;
  if (c.offline) return JobFailure::Offline;
  return JobFailure::None;
}

std::string failure_text(JobFailure f) {
  switch (f) {
    case JobFailure::PaperOut: return "paper out: load a new roll";
    case JobFailure::CoverOpen: return "cover open: close the printer cover";
    case JobFailure::Offline: return "printer offline";
    case JobFailure::DeviceError: return "printer error (cutter or mechanism): check the printer";
    case JobFailure::NoDevice: return "printer not reachable";
    case JobFailure::BadJob: return "job cannot be encoded";
    case JobFailure::None: break;
  }
  return "ok";
}

// A test pattern with no words in it: solid bars, a checkerboard and a diagonal show missing
// heater dots, uneven darkness and skew.
Raster test_pattern(int width) {
  Raster r(width, 240);
  r.fill_rect(0, 0, width, 16);
  for (int y = 24; y < 120; ++y)
    for (int x = 0; x < width; ++x)
      if (((x / 16) + (y / 16)) % 2 == 0) r.set(x, y);
  for (int y = 128; y < 232; ++y) {
    const int x = (y - 128) * width / 104;
    r.fill_rect(x, y, 8, 1);
    r.set(y - 128, y);
  }
  r.fill_rect(0, 232, width, 8);
  return r;
}

}  // namespace

std::string_view to_string(JobFailure failure) {
  switch (failure) {
    case JobFailure::None: return "none";
    case JobFailure::PaperOut: return "paper_out";
    case JobFailure::CoverOpen: return "cover_open";
    case JobFailure::Offline: return "offline";
    case JobFailure::DeviceError: return "device_error";
    case JobFailure::NoDevice: return "no_device";
    case JobFailure::BadJob: return "bad_job";
  }
  return "unknown";
}

ReceiptPrinter::ReceiptPrinter(ReceiptPrinterConfig config, std::unique_ptr<Transport> transport)
    : config_(std::move(config)), transport_(std::move(transport)) {
  status_.detail = "not connected yet";
  counters_.paper_left_m = config_.roll_length_m;
  thread_ = std::thread([this] { guarded("receipt printer", [this] { loop(); }); });
}

ReceiptPrinter::~ReceiptPrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (transport_) transport_->close();
}

void ReceiptPrinter::on_status(StatusCallback callback) {
  std::lock_guard lock(mutex_);
  on_status_ = std::move(callback);
}

void ReceiptPrinter::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
  }
  cv_.notify_all();
}

std::uint64_t ReceiptPrinter::print(PrintJob job, JobCallback done) {
  std::uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_job_id_++;
  }
  post([this, id, job = std::move(job), done = std::move(done)] { run_job(id, job, done); });
  return id;
}

void ReceiptPrinter::reprint(std::uint64_t job_id, JobCallback done) {
  post([this, job_id, done = std::move(done)] {
    PrintJob job;
    bool found = false;
    {
      std::lock_guard lock(mutex_);
      const auto it = std::find_if(failed_.begin(), failed_.end(), [&](const Kept& k) { return k.info.job_id == job_id; });
      if (it != failed_.end()) {
        job = std::move(it->job);
        failed_.erase(it);
        found = true;
      }
    }
    if (!found) {
      if (done) done(JobResult{job_id, JobFailure::BadJob, false, false, "no failed job with this id is kept"});
      return;
    }
    run_job(job_id, job, done);
  });
}

std::vector<FailedJobInfo> ReceiptPrinter::failed_jobs() const {
  std::lock_guard lock(mutex_);
  std::vector<FailedJobInfo> out;
  for (const Kept& k : failed_) out.push_back(k.info);
  return out;
}

void ReceiptPrinter::forget_failed_job(std::uint64_t job_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(failed_, [&](const Kept& k) { return k.info.job_id == job_id; });
}

ReceiptPrinterStatus ReceiptPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

ReceiptPrinterCounters ReceiptPrinter::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void ReceiptPrinter::paper_replaced() {
  ReceiptPrinterStatus s;
  {
    std::lock_guard lock(mutex_);
    paper_used_dots_ = 0;
    counters_.paper_used_m = 0;
    counters_.paper_left_m = config_.roll_length_m;
    s = status_;
  }
  set_status(s);
}

bool ReceiptPrinter::paper_low_soon_locked() const { return counters_.paper_left_m < config_.low_soon_left_m; }

void ReceiptPrinter::set_status(ReceiptPrinterStatus s) {
  StatusCallback cb;
  {
    std::lock_guard lock(mutex_);
    s.paper_low_soon = paper_low_soon_locked();
    if (s == status_) return;
    status_ = s;
    cb = on_status_;
  }
  if (cb) cb(s);
}

void ReceiptPrinter::set_from_condition(const PrinterCondition& c) {
  ReceiptPrinterStatus s;
  s.paper = c.paper;
  s.cover_open = c.cover_open;
  const JobFailure f = blocking_failure(c);
  switch (f) {
    case JobFailure::CoverOpen:
    case JobFailure::PaperOut: s.state = DeviceState::UserError; break;
    case JobFailure::DeviceError: s.state = DeviceState::HardwareError; break;
    case JobFailure::Offline: s.state = DeviceState::Offline; break;
    default: s.state = DeviceState::Online; break;
  }
  s.detail = f != JobFailure::None ? failure_text(f)
             : c.paper == PaperLevel::NearEnd ? "paper near end: replace the roll soon"
                                               : "ready";
  set_status(std::move(s));
}

void ReceiptPrinter::lost(const DeviceError& e) {
  transport_->close();
  ReceiptPrinterStatus s;
  s.state = e.code == DeviceErrorCode::NoDevice ? DeviceState::NoDevice : DeviceState::Offline;
  s.detail = transport_->describe() + ": " + e.message;
  set_status(std::move(s));
}

bool ReceiptPrinter::ensure_open() {
  if (transport_->is_open()) return true;
  auto r = transport_->open();
  if (!r) {
    lost(r.error());
    return false;
  }
  return true;
}

DeviceResult<PrinterCondition> ReceiptPrinter::query_condition() {
  PrinterCondition c;
  transport_->discard_input();
  for (int n = 1; n <= 4; ++n) {
    const Bytes q = escpos::status_query(n);
    if (auto w = transport_->write(q, config_.status_timeout); !w) return tl::unexpected(w.error());
    std::uint8_t b = 0;
    if (auto r = transport_->read(std::span<std::uint8_t>(&b, 1), config_.status_timeout); !r) {
      if (r.error().code == DeviceErrorCode::Timeout)
        return device_error(DeviceErrorCode::Timeout, "no answer to DLE EOT " + std::to_string(n));
      return tl::unexpected(r.error());
    }
    if (!escpos::apply_status(n, b, c))
      return device_error(DeviceErrorCode::BadFrame, "invalid status byte for DLE EOT " + std::to_string(n));
  }
  return c;
}

void ReceiptPrinter::keep_failed(std::uint64_t id, const PrintJob& job, JobFailure failure) {
  std::lock_guard lock(mutex_);
  failed_.push_back(Kept{FailedJobInfo{id, job.kind, failure, std::chrono::system_clock::now()}, job});
  while (failed_.size() > config_.keep_failed_jobs) failed_.pop_front();
}

void ReceiptPrinter::run_job(std::uint64_t id, const PrintJob& job, const JobCallback& done) {
  JobResult result{id, JobFailure::None, false, false, ""};
  auto finish = [&](JobFailure f, std::string message) {
    result.failure = f;
    result.message = std::move(message);
    if (f != JobFailure::None && f != JobFailure::BadJob) {
      keep_failed(id, job, f);
      result.reprint_available = true;
    }
    {
      std::lock_guard lock(mutex_);
      if (f == JobFailure::None) {
        ++counters_.device.operations;
        if (job.kind == "receipt") ++counters_.receipts;
      } else {
        ++counters_.device.errors;
        ++counters_.jobs_failed;
        counters_.device.last_error = std::string(to_string(f)) + ": " + result.message;
      }
    }
    if (done) done(result);
  };

  auto chunks = encode_job(job, config_.band_rows);
  if (!chunks) return finish(JobFailure::BadJob, chunks.error().message);
  if (!ensure_open()) return finish(JobFailure::NoDevice, status().detail);
  auto before = query_condition();
  if (!before) {
    lost(before.error());
    return finish(JobFailure::NoDevice, before.error().message);
  }
  set_from_condition(*before);
  if (const JobFailure f = blocking_failure(*before); f != JobFailure::None) {
    return finish(f, "refused: " + failure_text(f));
  }

  ReceiptPrinterStatus busy = status();
  busy.state = DeviceState::Busy;
  busy.detail = "printing " + job.kind;
  set_status(busy);
  result.started = true;
  for (std::size_t i = 0; i < chunks->size(); ++i) {
    const Chunk& chunk = (*chunks)[i];
    if (auto w = transport_->write(chunk.bytes, config_.write_timeout); !w) {
      lost(w.error());
      return finish(JobFailure::NoDevice, "printer lost mid-job: " + w.error().message);
    }
    {
      std::lock_guard lock(mutex_);
      counters_.lines_fed += static_cast<std::uint64_t>(chunk.lines);
      counters_.cuts += static_cast<std::uint64_t>(chunk.cuts);
      paper_used_dots_ += chunk.paper_dots;
      counters_.paper_used_m = paper_used_dots_ * kMetresPerDot;
      counters_.paper_left_m = std::max(0.0, config_.roll_length_m - counters_.paper_used_m);
    }
    // Check after every chunk that moved paper (and after the last one): paper end and an opened
    // cover stop the printer, and the rest of the job would be lost.
    if (chunk.paper_dots == 0 && i + 1 < chunks->size()) continue;
    auto c = query_condition();
    if (!c) {
      lost(c.error());
      return finish(JobFailure::NoDevice, "printer lost mid-job: " + c.error().message);
    }
    if (const JobFailure f = blocking_failure(*c); f != JobFailure::None) {
      set_from_condition(*c);
      return finish(f, "failed mid-job: " + failure_text(f));
    }
  }
  auto after = query_condition();
  if (!after) {
    lost(after.error());
    return finish(JobFailure::NoDevice, "printer lost after the job: " + after.error().message);
  }
  set_from_condition(*after);
  finish(JobFailure::None, "printed");
}

void ReceiptPrinter::check_health(HealthLevel level, std::function<void(const HealthResult&)> done) {
  if (level == HealthLevel::Internal) {
    const auto s = status();
    const auto c = counters();
    HealthResult h;
    h.passed = s.state == DeviceState::Online || s.state == DeviceState::Busy;
    h.text = std::string(to_string(s.state)) + " — " + s.detail + "; jobs " + std::to_string(c.device.operations) +
             ", failed " + std::to_string(c.jobs_failed) + ", paper left ~" +
             std::to_string(static_cast<int>(c.paper_left_m)) + " m";
    if (done) done(h);
    return;
  }
  if (level == HealthLevel::External) {
    post([this, done = std::move(done)] {
      HealthResult h;
      if (!ensure_open()) {
        h.text = status().detail;
      } else if (auto c = query_condition(); !c) {
        lost(c.error());
        h.text = c.error().message;
      } else {
        set_from_condition(*c);
        h.passed = blocking_failure(*c) == JobFailure::None;
        h.text = status().detail;
      }
      if (done) done(h);
    });
    return;
  }
  PrintJob job{"test", {Image{test_pattern(config_.width_dots)}, Feed{2}, Cut{CutKind::Partial}}};
  print(std::move(job), [done = std::move(done)](const JobResult& r) {
    if (done) done(HealthResult{r.ok(), r.ok() ? "test pattern printed: check it by eye" : r.message});
  });
}

void ReceiptPrinter::reconnect_now() {
  post([this] { poll_idle(true); });
}

void ReceiptPrinter::poll_idle(bool reopen) {
  if (!reopen && !transport_->is_open()) return;
  if (!ensure_open()) return;
  if (auto c = query_condition(); c) {
    set_from_condition(*c);
  } else {
    lost(c.error());
  }
}

void ReceiptPrinter::loop() {
  poll_idle(true);  // the first status without waiting a poll period
  std::unique_lock lock(mutex_);
  while (true) {
    const bool woke = cv_.wait_for(lock, config_.idle_poll, [this] { return stopping_ || !tasks_.empty(); });
    if (!tasks_.empty()) {
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
      continue;
    }
    if (stopping_) return;
    if (woke) continue;
    // Idle: notice a cover opened, paper loaded, or a printer that came back or went away.
    lock.unlock();
    poll_idle(config_.reopen_when_idle);
    lock.lock();
  }
}

}  // namespace ow::drivers::printer
