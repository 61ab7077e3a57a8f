#pragma once
// A document scanner through SANE (libsane): list, open by name, set mode / resolution / source,
// scan one flatbed page or every page in the feeder, cancel from any thread. Every SANE status
// maps to a device state and a ScanFault the kiosk turns into a citizen message.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "drivers/device_status.hpp"

namespace ow::drivers::scanner {

class SaneApi;  // sane_api.hpp: libsane, or a test's fake backend

enum class ScanMode { Color, Gray, Lineart };
enum class ScanSource { Flatbed, Adf, AdfDuplex };

// What went wrong, in terms a kiosk can act on (see kiosk/capture for the citizen messages).
enum class ScanFault {
  None,
  Jammed,        // paper jam in the feeder
  NoDocument,    // the feeder is empty / nothing to scan
  CoverOpen,
  Busy,          // in use, warming up, or still moving: try again shortly
  Cancelled,
  Locked,        // transport lock engaged: a technician must release it
  IoError,
  NoMemory,
  AccessDenied,
  Unsupported,   // a mode, source or image format the device or this driver does not offer
  InvalidOption,
  NoDevice,
};

struct StatusMapping {
  ScanFault fault;
  DeviceState state;
};
// Every SANE_Status (0..13); unknown values map to IoError / HardwareError.
StatusMapping map_sane_status(int sane_status);
std::string_view to_string(ScanFault fault);
std::string_view to_string(ScanMode mode);
std::string_view to_string(ScanSource source);

struct ScanError {
  ScanFault fault;
  DeviceState state;
  std::string message;  // for technicians
};
template <class T>
using ScanResult = tl::expected<T, ScanError>;

struct ScannerInfo {
  std::string name, vendor, model, type;
};

struct ScanSettings {
  ScanMode mode = ScanMode::Gray;
  int dpi = 200;  // the nearest resolution the device offers is used
  ScanSource source = ScanSource::Flatbed;
  int max_pages = 50;  // feeder scans stop after this many pages
  // Backend-specific options by SANE name, set before the scan (e.g. the test backend's
  // "test-picture"). Values: strings, integers, "yes"/"no".
  std::vector<std::pair<std::string, std::string>> extra_options;
  // Called on the scanning thread after each block read: bytes of the current page so far and
  // the bytes the scanner announced for it (0 when it does not know). For progress on screen.
  std::function<void(std::size_t read, std::size_t expected)> on_progress;
};

struct ScannedPage {
  int width = 0, height = 0;
  int channels = 1;  // 1: gray, 3: BGR (8 bits each; line-art is expanded to 0/255)
  int dpi = 0;
  std::vector<std::uint8_t> pixels;
};

class Scanner {
 public:
  static ScanResult<std::vector<ScannerInfo>> list(bool local_only = true);
  static ScanResult<std::vector<ScannerInfo>> list(const std::shared_ptr<SaneApi>& api, bool local_only = true);
  // `api` null: libsane.
  static ScanResult<std::unique_ptr<Scanner>> open(const std::string& name, std::shared_ptr<SaneApi> api = nullptr);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Scans one page (flatbed) or pages until the feeder is empty (ADF). Each finished page is
  // passed to `on_page` before the next starts, so pages scanned before a jam are kept.
  // Returns the number of pages.
  ScanResult<int> scan(const ScanSettings& settings, const std::function<void(ScannedPage&&)>& on_page);
  // Stops a scan running on another thread; the scan returns ScanFault::Cancelled.
  void cancel();

  const std::string& name() const { return name_; }
  DeviceState state() const;
  DeviceCounters counters() const;
  // Internal: the handle is open; External: reads the option list from the device.
  HealthResult health(HealthLevel level);
  // "name=value" of every readable option, for technicians.
  std::vector<std::string> describe_options();

 private:
  Scanner(std::string name, void* handle, std::shared_ptr<SaneApi> api);
  ScanResult<void> apply(const ScanSettings& settings, int& dpi_used);
  ScanResult<ScannedPage> read_page(int dpi, const ScanSettings& settings);
  ScanError fail(int sane_status, const std::string& what);

  std::string name_;
  void* handle_;  // SANE_Handle
  std::shared_ptr<SaneApi> api_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> scanning_{false};
  mutable std::mutex mutex_;
  DeviceState state_ = DeviceState::Online;
  DeviceCounters counters_;
};

}  // namespace ow::drivers::scanner
