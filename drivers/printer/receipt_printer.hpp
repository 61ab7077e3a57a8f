#pragma once
// A thermal receipt printer on any byte transport (USB printer class, TCP 9100, serial): one
// worker thread sends jobs chunk by chunk, polls DLE EOT before, during and after each job, keeps
// failed jobs for reprint, counts paper, and publishes status changes.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/device_status.hpp"
#include "drivers/printer/print_job.hpp"
#include "drivers/transport/transport.hpp"

namespace ow::drivers::printer {

struct ReceiptPrinterConfig {
  std::string name = "receipt printer";
  int width_dots = 576;            // 80 mm paper: 576; 58 mm paper: 384
  double roll_length_m = 50.0;     // a new roll, for the "paper low soon" estimate
  double low_soon_left_m = 5.0;    // warn technicians when the estimate drops below this
  int band_rows = 128;             // raster rows per chunk between status checks
  Millis status_timeout{800};      // one DLE EOT answer
  Millis write_timeout{15000};     // one chunk accepted by the printer
  Millis idle_poll{2000};          // status poll while idle (cover opened, paper changed, unplugged)
  // True: the idle poll also reopens a lost transport. False: only reconnect_now() does (the
  // device manager's backoff); a job still opens it at once, so a citizen's receipt never waits.
  bool reopen_when_idle = true;
  std::size_t keep_failed_jobs = 8;
};

struct ReceiptPrinterStatus {
  DeviceState state = DeviceState::NoDevice;
  PaperLevel paper = PaperLevel::Ok;
  bool cover_open = false;
  bool paper_low_soon = false;  // from the counters, before the near-end sensor trips
  std::string detail;           // English, for technicians; never personal data

  bool operator==(const ReceiptPrinterStatus&) const = default;
};

struct ReceiptPrinterCounters {
  DeviceCounters device;  // operations = jobs printed
  std::uint64_t receipts = 0, cuts = 0, lines_fed = 0, jobs_failed = 0;
  double paper_used_m = 0;   // since the last roll change
  double paper_left_m = 0;   // estimate
};

enum class JobFailure { None, PaperOut, CoverOpen, Offline, DeviceError, NoDevice, BadJob };
std::string_view to_string(JobFailure failure);

struct JobResult {
  std::uint64_t job_id = 0;
  JobFailure failure = JobFailure::None;
  bool started = false;            // false: refused before a byte was printed
  bool reprint_available = false;  // the job is kept: reprint(job_id, …)
  std::string message;             // English, for technicians
  bool ok() const { return failure == JobFailure::None; }
};

struct FailedJobInfo {
  std::uint64_t job_id = 0;
  std::string kind;
  JobFailure failure = JobFailure::None;
  std::chrono::system_clock::time_point when;
};

class ReceiptPrinter {
 public:
  using JobCallback = std::function<void(const JobResult&)>;
  using StatusCallback = std::function<void(const ReceiptPrinterStatus&)>;

  // Starts the worker, which opens the transport (and reopens it when it goes away).
  ReceiptPrinter(ReceiptPrinterConfig config, std::unique_ptr<Transport> transport);
  ~ReceiptPrinter();  // finishes the running job, then joins
  ReceiptPrinter(const ReceiptPrinter&) = delete;
  ReceiptPrinter& operator=(const ReceiptPrinter&) = delete;

  // Called on the worker thread whenever the status changes; set it before the first job.
  void on_status(StatusCallback callback);

  // Queues a job; `done` runs on the worker thread. Returns the job id (for reprint).
  std::uint64_t print(PrintJob job, JobCallback done);
  // Prints a kept failed job again (same id); BadJob when no such job is kept.
  void reprint(std::uint64_t job_id, JobCallback done);
  std::vector<FailedJobInfo> failed_jobs() const;
  void forget_failed_job(std::uint64_t job_id);

  ReceiptPrinterStatus status() const;
  ReceiptPrinterCounters counters() const;
  // Reopen a lost transport and read the status now (on the worker).
  void reconnect_now();
  // A technician put in a new roll: the paper estimate starts again.
  void paper_replaced();
  const ReceiptPrinterConfig& config() const { return config_; }

  // Internal: no I/O. External: asks the printer for its status. Interactive: prints a test
  // pattern (no text) and cuts. `done` runs on the worker thread.
  void check_health(HealthLevel level, std::function<void(const HealthResult&)> done);

 private:
  void loop();
  void poll_idle(bool reopen);  // reopen: also try a lost transport
  void post(std::function<void()> fn);
  void run_job(std::uint64_t id, const PrintJob& job, const JobCallback& done);
  DeviceResult<PrinterCondition> query_condition();
  bool ensure_open();
  void set_status(ReceiptPrinterStatus s);
  void set_from_condition(const PrinterCondition& c);
  void lost(const DeviceError& e);
  void keep_failed(std::uint64_t id, const PrintJob& job, JobFailure failure);
  bool paper_low_soon_locked() const;

  ReceiptPrinterConfig config_;
  std::unique_ptr<Transport> transport_;  // used only on the worker thread

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::uint64_t next_job_id_ = 1;
  ReceiptPrinterStatus status_;
  ReceiptPrinterCounters counters_;
  double paper_used_dots_ = 0;
  struct Kept {
    FailedJobInfo info;
    PrintJob job;
  };
  std::deque<Kept> failed_;
  StatusCallback on_status_;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace ow::drivers::printer
