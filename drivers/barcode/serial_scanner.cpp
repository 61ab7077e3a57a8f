#include "drivers/barcode/serial_scanner.hpp"

#include <algorithm>
#include <array>

#include "base/thread_guard.hpp"
#include "drivers/transport/serial_transport.hpp"

namespace ow::drivers::barcode {

namespace {
// How long one read waits at most, so stop() and partial-line timeouts are noticed promptly.
constexpr std::chrono::milliseconds kReadSlice{100};
}  // namespace

SerialScanner::SerialScanner(SerialScannerConfig config, std::function<void(ScannerEvent)> on_event,
                             std::unique_ptr<Transport> transport)
    : config_(std::move(config)), on_event_(std::move(on_event)), transport_(std::move(transport)) {
  if (!transport_) transport_ = std::make_unique<SerialTransport>(config_.port, config_.baud);
}

SerialScanner::~SerialScanner() { stop(); }

void SerialScanner::set_events(std::function<void(ScannerEvent)> on_event) {
  std::lock_guard lock(events_mu_);
  on_event_ = std::move(on_event);
}

void SerialScanner::reconnect_now() {
  {
    std::lock_guard lock(mutex_);
    kicked_ = true;
  }
  cv_.notify_all();
}

bool SerialScanner::wait_reconnect() {
  if (config_.self_reconnect) return sleep_for(config_.reconnect_every);
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return stopping_ || kicked_; });
  kicked_ = false;
  return !stopping_;
}

void SerialScanner::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { guarded("barcode scanner", [this] { run(); }); });
}

void SerialScanner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DeviceState SerialScanner::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string SerialScanner::status_message() const {
  std::lock_guard lock(mutex_);
  return message_;
}

DeviceCounters SerialScanner::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

HealthResult SerialScanner::health(HealthLevel level, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (level == HealthLevel::Internal) {
    const bool running = thread_.joinable() && !stopping_;
    return {running, running ? "worker running" : "worker not running"};
  }
  if (level == HealthLevel::External) {
    const bool ok = state_ == DeviceState::Online;
    return {ok, ok ? "port " + config_.port + " open" : message_};
  }
  const std::uint64_t before = scans_;
  const bool scanned = cv_.wait_for(lock, wait, [&] { return scans_ != before || stopping_; }) && scans_ != before;
  return {scanned, scanned ? "a test code was scanned" : "no scan within " + std::to_string(wait.count() / 1000) + " s"};
}

void SerialScanner::set_state(DeviceState s, std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (state_ == s && message_ == message) return;
    state_ = s;
    message_ = message;
  }
  deliver(ScannerStatusEvent{s, std::move(message)});
}

void SerialScanner::deliver(ScannerEvent e) {
  {
    std::lock_guard lock(mutex_);
    if (std::holds_alternative<ScanEvent>(e)) {
      ++counters_.operations;
      ++scans_;
    } else if (const auto* r = std::get_if<ScanRejectedEvent>(&e)) {
      ++counters_.errors;
      counters_.last_error = r->error.message();
    }
  }
  cv_.notify_all();
  std::lock_guard lock(events_mu_);
  if (on_event_) on_event_(std::move(e));
}

bool SerialScanner::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, d, [&] { return stopping_; });
}

void SerialScanner::run() {
  LineReader lines(config_.lines);
  std::array<std::uint8_t, 512> buf{};
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    if (!transport_->is_open()) {
      lines.reset();
      auto opened = transport_->open();
      if (!opened) {
        // Absent (unplugged, not yet enumerated) or unusable: try again shortly.
        set_state(opened.error().code == DeviceErrorCode::NoDevice ? DeviceState::NoDevice : DeviceState::Offline,
                  opened.error().message);
        if (!wait_reconnect()) break;
        continue;
      }
      set_state(DeviceState::Online, "ready on " + transport_->describe());
    }
    auto wait = kReadSlice;
    if (const auto due = lines.deadline()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*due - Clock::now());
      wait = std::clamp(left, std::chrono::milliseconds(1), kReadSlice);
    }
    auto n = transport_->read(buf, wait);
    const auto now = Clock::now();
    if (n) {
      for (auto& r : lines.feed(std::span(buf.data(), *n), now)) {
        if (r) deliver(ScanEvent{std::move(*r)});
        else deliver(ScanRejectedEvent{r.error()});
      }
      continue;
    }
    if (n.error().code == DeviceErrorCode::Timeout) {
      if (auto r = lines.expire(now)) {
        if (*r) deliver(ScanEvent{std::move(**r)});
        else deliver(ScanRejectedEvent{r->error()});
      }
      continue;
    }
    // The port went away: a partial scan is lost; reopen until it comes back.
    transport_->close();
    lines.reset();
    set_state(DeviceState::Offline, "port vanished: " + n.error().message);
    if (!wait_reconnect()) break;
  }
  transport_->close();
  set_state(DeviceState::NoDevice, "stopped");
}

}  // namespace ow::drivers::barcode
