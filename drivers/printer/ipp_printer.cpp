#include "drivers/printer/ipp_printer.hpp"
#include "base/thread_guard.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace ow::drivers::printer {

namespace {

using Clock = std::chrono::steady_clock;

struct HttpClose {
  void operator()(http_t* h) const { httpClose(h); }
};
struct IppDelete {
  void operator()(ipp_t* i) const { ippDelete(i); }
};
using Http = std::unique_ptr<http_t, HttpClose>;
using Ipp = std::unique_ptr<ipp_t, IppDelete>;

struct Target {
  Http http;
  std::string resource;
};

DeviceResult<Target> connect(const IppPrinterConfig& config) {
  char scheme[32], userpass[256], host[256], resource[1024];
  int port = 0;
  if (httpSeparateURI(HTTP_URI_CODING_ALL, config.uri.c_str(), scheme, sizeof scheme, userpass, sizeof userpass, host,
                      sizeof host, &port, resource, sizeof resource) < HTTP_URI_STATUS_OK) {
    return device_error(DeviceErrorCode::Unsupported, "not a printer URI: " + config.uri);
  }
  const http_encryption_t enc = std::string(scheme) == "ipps" ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
  http_t* http = httpConnect2(host, port, nullptr, AF_UNSPEC, enc, 1, static_cast<int>(config.connect_timeout.count()),
                              nullptr);
  if (!http) return device_error(DeviceErrorCode::NoDevice, "cannot connect to " + config.uri + ": " + cupsLastErrorString());
  return Target{Http(http), resource};
}

Ipp new_request(ipp_op_t op, const IppPrinterConfig& config) {
  Ipp request(ippNewRequest(op));
  ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, config.uri.c_str());
  ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, config.user.c_str());
  return request;
}

DeviceResult<Ipp> check(ipp_t* response, const char* what) {
  Ipp r(response);
  if (!r || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
    const bool unreachable = cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || !r;
    return device_error(unreachable ? DeviceErrorCode::NoDevice : DeviceErrorCode::DeviceStatus,
                        std::string(what) + ": " + cupsLastErrorString());
  }
  return r;
}

std::vector<std::string> strings_of(ipp_t* response, const char* name) {
  std::vector<std::string> out;
  if (ipp_attribute_t* a = ippFindAttribute(response, name, IPP_TAG_ZERO)) {
    for (int i = 0; i < ippGetCount(a); ++i) {
      if (const char* s = ippGetString(a, i, nullptr); s && std::string(s) != "none") out.emplace_back(s);
    }
  }
  return out;
}

int integer_of(ipp_t* response, const char* name, int fallback) {
  ipp_attribute_t* a = ippFindAttribute(response, name, IPP_TAG_ZERO);
  return a ? ippGetInteger(a, 0) : fallback;
}

struct JobInfo {
  int state = 0;
  int impressions = -1;
  std::vector<std::string> reasons;
};

DeviceResult<JobInfo> query_job(const IppPrinterConfig& config, int job_id) {
  auto target = connect(config);
  if (!target) return tl::unexpected(target.error());
  Ipp request = new_request(IPP_OP_GET_JOB_ATTRIBUTES, config);
  ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  static const char* const wanted[] = {"job-state", "job-state-reasons", "job-impressions-completed"};
  ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, nullptr, wanted);
  auto response = check(cupsDoRequest(target->http.get(), request.release(), target->resource.c_str()), "Get-Job-Attributes");
  if (!response) return tl::unexpected(response.error());
  return JobInfo{integer_of(response->get(), "job-state", 0), integer_of(response->get(), "job-impressions-completed", -1),
                 strings_of(response->get(), "job-state-reasons")};
}

void cancel_job(const IppPrinterConfig& config, int job_id) {
  auto target = connect(config);
  if (!target) return;
  Ipp request = new_request(IPP_OP_CANCEL_JOB, config);
  ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  Ipp(cupsDoRequest(target->http.get(), request.release(), target->resource.c_str()));
}

bool has_prefix(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// "media-empty-error" → "media-empty"; severity suffixes are stripped for matching.
std::string keyword(const std::string& reason, bool& informational) {
  informational = false;
  for (const char* suffix : {"-report", "-warning", "-error"}) {
    const std::string sfx = suffix;
    if (reason.size() > sfx.size() && reason.compare(reason.size() - sfx.size(), sfx.size(), sfx) == 0) {
      informational = sfx != "-error";
      return reason.substr(0, reason.size() - sfx.size());
    }
  }
  return reason;
}

JobFailure failure_of(const IppStatus& s) {
  switch (s.state) {
    case DeviceState::UserError: return s.paper == PaperLevel::Out ? JobFailure::PaperOut : JobFailure::CoverOpen;
    case DeviceState::HardwareError: return JobFailure::DeviceError;
    case DeviceState::Offline: return JobFailure::Offline;
    case DeviceState::NoDevice: return JobFailure::NoDevice;
    default: return JobFailure::None;
  }
}

}  // namespace

IppStatus status_from_reasons(int printer_state, const std::vector<std::string>& reasons) {
  IppStatus s;
  s.reasons = reasons;
  s.state = printer_state == 4 ? DeviceState::Busy : DeviceState::Online;
  std::string detail;
  auto user_error = [&](std::string what) {
    if (s.state != DeviceState::UserError) detail = std::move(what);
    s.state = DeviceState::UserError;
  };
  for (const std::string& r : reasons) {
    bool informational = false;
    const std::string k = keyword(r, informational);
    const bool report = r.size() > 7 && r.compare(r.size() - 7, 7, "-report") == 0;
    if (k == "media-low") {
      if (s.paper == PaperLevel::Ok) s.paper = PaperLevel::NearEnd;
    } else if (k == "media-empty" || k == "media-needed") {
      // An empty tray stops A4 jobs whatever severity the printer gives it (ippeveprinter, for
      // one, reports -warning while processing and -report when idle).
      s.paper = PaperLevel::Out;
      user_error("out of paper: load A4 paper");
    } else if (!report && (k == "media-jam" || k == "door-open" || k == "cover-open" || k == "input-tray-missing")) {
      user_error(k == "media-jam" ? "paper jam: clear it" : "printer open: close it");
    } else if (informational) {
      continue;
    } else if (k == "offline" || k == "shutdown" || k == "connecting-to-device" || k == "paused" ||
               k == "moving-to-paused") {
      if (s.state != DeviceState::UserError && s.state != DeviceState::HardwareError) {
        s.state = DeviceState::Offline;
        detail = "printer offline (" + k + ")";
      }
    } else if (has_prefix(k, "marker-supply-empty") || has_prefix(k, "toner-empty") || k == "other" ||
               has_prefix(k, "fuser") || has_prefix(k, "interpreter-resource")) {
      if (s.state != DeviceState::UserError) {
        s.state = DeviceState::HardwareError;
        detail = "printer error (" + k + ")";
      }
    }
  }
  if (printer_state == 5 && (s.state == DeviceState::Online || s.state == DeviceState::Busy)) {
    s.state = DeviceState::Offline;
    detail = "printer stopped";
  }
  if (detail.empty()) detail = s.paper == PaperLevel::NearEnd ? "paper low" : s.state == DeviceState::Busy ? "printing" : "ready";
  s.detail = detail;
  return s;
}

DeviceResult<IppPrinterState> ipp_query_printer(const IppPrinterConfig& config) {
  auto target = connect(config);
  if (!target) return tl::unexpected(target.error());
  Ipp request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, config);
  static const char* const wanted[] = {"printer-state", "printer-state-reasons", "printer-state-message",
                                       "document-format-supported"};
  ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr, wanted);
  auto response = check(cupsDoRequest(target->http.get(), request.release(), target->resource.c_str()),
                        "Get-Printer-Attributes");
  if (!response) return tl::unexpected(response.error());
  IppPrinterState st;
  st.state = integer_of(response->get(), "printer-state", 0);
  st.reasons = strings_of(response->get(), "printer-state-reasons");
  st.formats = strings_of(response->get(), "document-format-supported");
  if (ipp_attribute_t* m = ippFindAttribute(response->get(), "printer-state-message", IPP_TAG_TEXT)) {
    if (const char* text = ippGetString(m, 0, nullptr)) st.message = text;
  }
  return st;
}

DeviceResult<int> ipp_submit_pdf(const IppPrinterConfig& config, const std::filesystem::path& pdf, const std::string& title) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(pdf, ec)) return device_error(DeviceErrorCode::Unsupported, "no such PDF: " + pdf.string());
  auto target = connect(config);
  if (!target) return tl::unexpected(target.error());
  Ipp request = new_request(IPP_OP_PRINT_JOB, config);
  ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, title.c_str());
  ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr, "application/pdf");
  ippAddString(request.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "media", nullptr, "iso_a4_210x297mm");
  auto response = check(cupsDoFileRequest(target->http.get(), request.release(), target->resource.c_str(), pdf.c_str()),
                        "Print-Job");
  if (!response) return tl::unexpected(response.error());
  const int id = integer_of(response->get(), "job-id", 0);
  if (id <= 0) return device_error(DeviceErrorCode::BadFrame, "Print-Job answer has no job-id");
  return id;
}

IppPrinter::IppPrinter(IppPrinterConfig config) : config_(std::move(config)) {
  status_.detail = "not asked yet";
  thread_ = std::thread([this] { guarded("a4 printer", [this] { loop(); }); });
}

IppPrinter::~IppPrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void IppPrinter::on_status(std::function<void(const IppStatus&)> callback) {
  std::lock_guard lock(mutex_);
  on_status_ = std::move(callback);
}

IppStatus IppPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

DeviceCounters IppPrinter::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void IppPrinter::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
  }
  cv_.notify_all();
}

void IppPrinter::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

void IppPrinter::set_status(IppStatus s) {
  std::function<void(const IppStatus&)> cb;
  {
    std::lock_guard lock(mutex_);
    if (s == status_) return;
    status_ = s;
    cb = on_status_;
  }
  if (cb) cb(s);
}

DeviceResult<IppPrinterState> IppPrinter::poll_printer() {
  auto st = ipp_query_printer(config_);
  if (!st) {
    IppStatus s;
    s.state = st.error().code == DeviceErrorCode::NoDevice ? DeviceState::NoDevice : DeviceState::HardwareError;
    s.detail = st.error().message;
    set_status(std::move(s));
    return st;
  }
  set_status(status_from_reasons(st->state, st->reasons));
  return st;
}

void IppPrinter::refresh() {
  post([this] { poll_printer(); });
}

void IppPrinter::print_pdf(std::filesystem::path pdf, std::string title, JobCallback done) {
  post([this, pdf = std::move(pdf), title = std::move(title), done = std::move(done)] { run_job(pdf, title, done); });
}

void IppPrinter::run_job(const std::filesystem::path& pdf, const std::string& title, const JobCallback& done) {
  IppJobResult result;
  auto finish = [&](JobFailure f, std::string message) {
    result.failure = f;
    result.message = std::move(message);
    {
      std::lock_guard lock(mutex_);
      if (f == JobFailure::None) {
        ++counters_.operations;
      } else {
        ++counters_.errors;
        counters_.last_error = std::string(to_string(f)) + ": " + result.message;
      }
    }
    if (done) done(result);
  };

  if (auto before = poll_printer(); !before) return finish(JobFailure::NoDevice, before.error().message);
  if (const JobFailure f = failure_of(status()); f != JobFailure::None) return finish(f, "refused: " + status().detail);
  auto id = ipp_submit_pdf(config_, pdf, title);
  if (!id) {
    const bool gone = id.error().code == DeviceErrorCode::NoDevice;
    return finish(gone ? JobFailure::NoDevice : JobFailure::BadJob, id.error().message);
  }
  result.job_id = *id;
  result.started = true;
  const auto deadline = Clock::now() + config_.job_timeout;
  std::optional<Clock::time_point> fault_since;
  for (;;) {
    auto job = query_job(config_, *id);
    if (!job) return finish(JobFailure::NoDevice, "lost the printer while following the job: " + job.error().message);
    result.job_state = job->state;
    result.impressions = job->impressions;
    if (job->state == IPP_JSTATE_COMPLETED) {
      poll_printer();
      return finish(JobFailure::None, "completed");
    }
    if (job->state == IPP_JSTATE_CANCELED || job->state == IPP_JSTATE_ABORTED) {
      poll_printer();
      const JobFailure f = failure_of(status());
      return finish(f == JobFailure::None ? JobFailure::DeviceError : f,
                    std::string("job ") + (job->state == IPP_JSTATE_CANCELED ? "canceled" : "aborted") + " by the printer");
    }
    // A printer that stops for paper or a jam while our job waits: a citizen cannot wait for a
    // technician, so after a grace period the job is cancelled and reported.
    if (poll_printer()) {
      const JobFailure f = failure_of(status());
      if (f == JobFailure::None) {
        fault_since.reset();
      } else if (!fault_since) {
        fault_since = Clock::now();
      } else if (Clock::now() - *fault_since >= config_.fault_grace) {
        cancel_job(config_, *id);
        return finish(f, "cancelled: " + status().detail);
      }
    }
    if (Clock::now() >= deadline) {
      cancel_job(config_, *id);
      return finish(JobFailure::DeviceError, "job did not finish in time; cancelled");
    }
    std::unique_lock lock(mutex_);
    if (cv_.wait_for(lock, config_.poll, [this] { return stopping_; })) {
      lock.unlock();
      return finish(JobFailure::DeviceError, "shutting down while the job was printing");
    }
  }
}

}  // namespace ow::drivers::printer
