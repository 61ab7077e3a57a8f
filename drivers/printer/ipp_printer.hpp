#pragma once
// An A4 printer through libcups over IPP (IPP Everywhere): submit a PDF, follow the job to its
// end, and read printer-state-reasons (media-empty, jam, offline, …) into the device status.
// One worker thread does every request; callbacks run on it.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/device_error.hpp"
#include "drivers/device_status.hpp"
#include "drivers/printer/receipt_printer.hpp"

namespace ow::drivers::printer {

struct IppPrinterConfig {
  std::string uri = "ipp://localhost:631/ipp/print";  // printer-uri
  std::string user = "kiosk";
  Millis poll{500};            // job and printer state while a job runs
  Millis connect_timeout{3000};
  Millis job_timeout{120000};  // give up (and cancel) a job that does not finish
  Millis fault_grace{3000};    // how long a stopping reason may last before the job is cancelled
};

// What the printer says about itself (Get-Printer-Attributes).
struct IppPrinterState {
  int state = 0;  // printer-state: 3 idle, 4 processing, 5 stopped
  std::vector<std::string> reasons;  // printer-state-reasons without "none"
  std::string message;               // printer-state-message
  std::vector<std::string> formats;  // document-format-supported
};

struct IppStatus {
  DeviceState state = DeviceState::NoDevice;
  PaperLevel paper = PaperLevel::Ok;
  std::vector<std::string> reasons;
  std::string detail;  // English, for technicians
  bool operator==(const IppStatus&) const = default;
};

// The device status a set of printer-state-reasons means (RFC 8011 / PWG 5100.9 keywords). The
// "-report"/"-warning" suffixes are informational except for conditions that stop A4 jobs anyway
// (an empty tray at any severity; a jam or open door unless merely reported).
IppStatus status_from_reasons(int printer_state, const std::vector<std::string>& reasons);

struct IppJobResult {
  int job_id = 0;
  JobFailure failure = JobFailure::None;
  bool started = false;
  int job_state = 0;  // 3 pending … 9 completed
  int impressions = -1;  // job-impressions-completed, when the printer reports it
  std::string message;
  bool ok() const { return failure == JobFailure::None; }
};

// Single requests, usable without the worker (kioskctl, tests).
DeviceResult<IppPrinterState> ipp_query_printer(const IppPrinterConfig& config);
DeviceResult<int> ipp_submit_pdf(const IppPrinterConfig& config, const std::filesystem::path& pdf, const std::string& title);

class IppPrinter {
 public:
  using JobCallback = std::function<void(const IppJobResult&)>;
  explicit IppPrinter(IppPrinterConfig config);
  ~IppPrinter();
  IppPrinter(const IppPrinter&) = delete;
  IppPrinter& operator=(const IppPrinter&) = delete;

  void on_status(std::function<void(const IppStatus&)> callback);
  // Refused with the reason when the printer is stopped (no paper, jam, offline) or unreachable.
  void print_pdf(std::filesystem::path pdf, std::string title, JobCallback done);
  // Asks the printer now; the result arrives through on_status and status().
  void refresh();
  IppStatus status() const;
  DeviceCounters counters() const;

 private:
  void post(std::function<void()> fn);
  void loop();
  void run_job(const std::filesystem::path& pdf, const std::string& title, const JobCallback& done);
  DeviceResult<IppPrinterState> poll_printer();
  void set_status(IppStatus s);

  IppPrinterConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  IppStatus status_;
  DeviceCounters counters_;
  std::function<void(const IppStatus&)> on_status_;
  std::thread thread_;
};

}  // namespace ow::drivers::printer
