#pragma once
// A QR / barcode scanner on a serial line (RS-232, or USB CDC-ACM / a USB-serial bridge, which the
// kernel shows as /dev/ttyACM* / ttyUSB*). A worker thread reads scans through the line reader,
// reopens the port when it vanishes (unplugged, re-enumerated) and reports status changes. Events
// are delivered on the worker thread. Scans may be identity credentials: they are passed on and
// never logged; counters and status messages never contain them.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

#include "drivers/barcode/line_reader.hpp"
#include "drivers/device_status.hpp"
#include "drivers/transport/transport.hpp"

namespace ow::drivers::barcode {

struct SerialScannerConfig {
  std::string port;  // e.g. /dev/onewindow/barcode or /dev/ttyACM0
  unsigned baud = 9600;
  LineReaderOptions lines;
  std::chrono::milliseconds reconnect_every{1000};
  // False: a lost port is reopened only on reconnect_now() (the device manager's backoff).
  bool self_reconnect = true;
};

struct ScanEvent {
  SecretString text;  // the scan as sent, without its suffix; personal: do not log
};
struct ScanRejectedEvent {
  LineError error;
};
struct ScannerStatusEvent {
  DeviceState state;
  std::string message;  // for logs and technicians
};
using ScannerEvent = std::variant<ScanEvent, ScanRejectedEvent, ScannerStatusEvent>;

class SerialScanner {
 public:
  // `transport` null: a serial transport on config.port at config.baud.
  SerialScanner(SerialScannerConfig config, std::function<void(ScannerEvent)> on_event,
                std::unique_ptr<Transport> transport = nullptr);
  ~SerialScanner();  // stops the worker
  SerialScanner(const SerialScanner&) = delete;
  SerialScanner& operator=(const SerialScanner&) = delete;

  void start();
  void stop();
  // Replaces the event sink (any thread); once this returns the old one is not running.
  void set_events(std::function<void(ScannerEvent)> on_event);
  // Try to reopen the port now.
  void reconnect_now();

  DeviceState state() const;
  std::string status_message() const;
  DeviceCounters counters() const;
  // Internal: the worker runs. External: the port is open (a scanner says nothing until it scans).
  // Interactive: a scan arrives within `wait` (the technician scans a test code).
  HealthResult health(HealthLevel level, std::chrono::milliseconds wait = std::chrono::seconds(15));
  const SerialScannerConfig& config() const { return config_; }

 private:
  void run();
  void set_state(DeviceState s, std::string message);
  void deliver(ScannerEvent e);
  bool sleep_for(std::chrono::milliseconds d);  // false when stopping
  bool wait_reconnect();  // until it is time to reopen; false when stopping

  SerialScannerConfig config_;
  std::mutex events_mu_;
  std::function<void(ScannerEvent)> on_event_;  // guarded by events_mu_, called with it held
  std::unique_ptr<Transport> transport_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool kicked_ = false;
  DeviceState state_ = DeviceState::NoDevice;
  std::string message_ = "not started";
  DeviceCounters counters_;
  std::uint64_t scans_ = 0;  // for the interactive health check
  std::thread thread_;
};

}  // namespace ow::drivers::barcode
