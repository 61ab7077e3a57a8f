#pragma once
// The device manager: one uniform view of every device of the kiosk, whoever owns its driver.
//
// Devices come from the config (DeviceSpec: the manager builds and owns the driver, see
// device_adapters.hpp; features reach it with get<Driver>(name)) or are registered with add().
// A monitor thread polls each adapter, turns state changes into events, reconnects vanished
// devices with exponential backoff (the one reconnect policy: drivers built from specs do not
// retry on their own; the one libusb hotplug thread's arrivals cut the wait short), keeps
// counters that survive restarts in a file of their own, and re-scans USB, serial ports and video
// devices so a technician sees what is plugged in, known or not.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <typeinfo>
#include <utility>
#include <vector>

#include "base/secret.hpp"
#include "drivers/camera/camera.hpp"
#include "drivers/device_error.hpp"
#include "drivers/device_status.hpp"
#include "drivers/transport/transport.hpp"

namespace ow::drivers {

struct DeviceIdentity {
  std::string manufacturer, model, serial, firmware;  // empty where the device does not tell
};

// Family details as key/value pairs in display order: {"paper","low"}, {"card","present"}, {"sam","ok"}.
using DeviceDetails = std::vector<std::pair<std::string, std::string>>;

// What a driver counted since it started; the manager adds the deltas to the persisted totals.
struct UsageCounters {
  std::uint64_t operations = 0, errors = 0;
  double paper_m = 0;  // printers: paper used since the last roll change (a drop means a new roll)
  std::string last_error;
};

// Totals across restarts.
struct PersistentCounters {
  std::uint64_t operations = 0, errors = 0;
  double powered_hours = 0;  // time the device was attached (state other than no_device)
  double paper_m = 0;
  std::string first_seen;    // RFC 3339 UTC, when the manager first saw the device
};

// A test a technician can start from the device page besides the health checks ("reprint job 3").
struct DeviceAction {
  std::string id;     // "reprint:3", "paper_replaced"
  std::string label;  // English, for the technician
};

// What a test action shows the technician besides pass/fail: a card's fields, a scanned page.
// Personal data travels only here, never in `text` (which is audited and logged): fields whose
// kind is not Plain are masked by the kiosk before they are shown and are never logged.
enum class FieldKind { Plain, Name, IdNumber, CardNumber };
struct ActionField {
  std::string key;  // English, for the technician ("name", "id_number", "valid_to")
  SecretString value;  // may be a card's personal data: masked before it is shown
  FieldKind kind = FieldKind::Plain;
};
struct ActionResult : HealthResult {
  std::vector<ActionField> fields;
  std::shared_ptr<const camera::Frame> image;  // a scanned page
};

// One device family's view of a driver object. Calls come from the manager's threads; an
// implementation must be thread-safe and must not block except in check_health / run_action.
class DeviceAdapter {
 public:
  virtual ~DeviceAdapter() = default;
  virtual DeviceState state() const = 0;
  virtual DeviceDetails details() const = 0;
  virtual std::vector<std::string> capabilities() const = 0;
  virtual DeviceIdentity identity() const = 0;
  virtual UsageCounters counters() const = 0;
  virtual std::string port() const = 0;  // the transport's description
  // `done` may run on any thread, at most once. Interactive checks wait for a person.
  virtual void check_health(HealthLevel level, std::function<void(HealthResult)> done) = 0;
  // Try to open the device again now (the backoff decides when this is called).
  virtual void reconnect() {}
  virtual std::vector<DeviceAction> actions() const { return {}; }
  virtual void run_action(const std::string& id, std::function<void(ActionResult)> done) {
    done(ActionResult{{false, "no action " + id}, {}, nullptr});
  }
  // Cameras: the running camera, for a live preview, opened if it is not (null when it cannot be
  // opened or this is not a camera). It may take a moment: call it off the UI thread.
  virtual std::shared_ptr<camera::Camera> camera() const { return nullptr; }
  // On the monitor thread at every poll: release what nobody uses any more.
  virtual void idle() {}
  // The driver object behind the adapter when it is of `type` (idcard::Reader, …), else null:
  // how features reach the device they use (DeviceManager::get).
  virtual void* driver(const std::type_info& type) { (void)type; return nullptr; }
};

// One device in the config: `[[device]]` in kiosk.toml, or a section ([idcard], [printer], …).
struct DeviceSpec {
  std::string name;       // unique: "printer", "doc_camera"
  std::string family;     // idcard | receipt_printer | a4_printer | camera | scanner | sscard | barcode
  std::string transport;  // serial | usb_bulk | usb_hid | tcp | ipp | v4l2 | sane | pcsc
  std::string port;       // /dev/ttyUSB0, 127.0.0.1:9100, ipp://host/ipp/print, /dev/video0, a SANE name, a reader filter
  std::uint16_t usb_vendor = 0, usb_product = 0;
  std::map<std::string, std::string> options;  // family options ("width_dots" = "384", "baud" = "9600")

  // A numeric option, or `fallback` when it is missing or not a number.
  int option_int(const std::string& key, int fallback) const;
};

struct RecentError {
  std::string when;  // RFC 3339 UTC
  std::string text;  // English, no personal data
};

struct DeviceView {
  std::string name, family, source;  // source: config | registered
  std::string port;
  std::uint16_t usb_vendor = 0, usb_product = 0;
  DeviceState state = DeviceState::NoDevice;
  DeviceDetails details;
  std::vector<std::string> capabilities;
  DeviceIdentity identity;
  PersistentCounters counters;
  std::string last_error;
  std::vector<RecentError> recent_errors;  // newest last
  std::optional<std::int64_t> retry_in_ms;  // reconnect backoff running
};

struct DeviceEvent {
  std::string name;
  DeviceState from = DeviceState::NoDevice, to = DeviceState::NoDevice;
  std::string detail;  // the last error when the device left online
};

struct UsbDeviceInfo {
  std::uint16_t vendor = 0, product = 0;
  int bus = 0, address = 0;
  std::string port_path;               // "1-2.3"
  std::string family = "unknown";      // from the known-device table
  std::string model;                   // the table's name, else the device's product string
  std::string manufacturer, product_name, serial;  // string descriptors when readable
};

// Every USB device libusb sees, classified with the known-device table. Strings are read only
// when `read_strings` and the device can be opened (permissions).
std::vector<UsbDeviceInfo> enumerate_usb(bool read_strings);

struct DeviceManagerConfig {
  std::filesystem::path counters_file;  // empty: counters are not persisted
  Millis poll_interval{500};
  Millis backoff_base{1000};
  Millis backoff_cap{60000};
  Millis rescan_interval{5000};  // serial ports and video devices (USB also by hotplug)
  std::chrono::seconds save_interval{60};
  bool usb = true;  // libusb enumeration and hotplug (off in tests without USB)
  std::filesystem::path dev_root = "/dev";
  std::filesystem::path sysfs_root = "/sys";
  std::size_t recent_errors = 20;
};

class DeviceManager {
 public:
  using EventCallback = std::function<void(const DeviceEvent&)>;

  explicit DeviceManager(DeviceManagerConfig config);
  ~DeviceManager();  // stops, saves the counters
  DeviceManager(const DeviceManager&) = delete;
  DeviceManager& operator=(const DeviceManager&) = delete;

  // Called on the monitor thread for every state change; keep it short. Set before start().
  void on_event(EventCallback callback);
  // Registers a driver someone else owns; the adapter must stay valid until remove() or the
  // manager's destruction. `spec` says how it is reached (for the technician and hotplug matching).
  void add(DeviceSpec spec, std::shared_ptr<DeviceAdapter> adapter, std::string source = "registered");
  // Builds the driver for a config entry (device_adapters.cpp); bad specs are refused. The
  // driver is owned by the manager and reconnected by its backoff only.
  DeviceResult<void> add_from_spec(const DeviceSpec& spec);
  void remove(const std::string& name);

  void start();
  void stop();  // joins the monitor and running health checks, saves the counters

  std::vector<DeviceView> devices() const;
  std::optional<DeviceView> device(const std::string& name) const;
  std::shared_ptr<DeviceAdapter> adapter(const std::string& name) const;
  // The driver of device `name` when it is a `Driver` (drivers::idcard::Reader, …), else null.
  // Valid until the device is removed or the manager is destroyed.
  template <class Driver>
  Driver* get(const std::string& name) const {
    auto a = adapter(name);
    return a ? static_cast<Driver*>(a->driver(typeid(Driver))) : nullptr;
  }

  // Runs on a thread of its own (interactive checks wait for a person); `done` runs there.
  void check_health(const std::string& name, HealthLevel level, std::function<void(HealthResult)> done);
  std::vector<DeviceAction> actions(const std::string& name) const;
  void run_action(const std::string& name, const std::string& id, std::function<void(ActionResult)> done);
  // Ends the backoff wait: try to reconnect this device at the next poll.
  void reconnect_now(const std::string& name);

  std::vector<UsbDeviceInfo> usb_devices() const;   // the last scan
  std::vector<std::string> serial_ports() const;    // /dev/ttyUSB*, ttyACM*, ttyS* with a driver
  std::vector<std::string> video_devices() const;   // capture nodes

  // Runs one poll of every device at once (tests, the technician's "refresh").
  void poll_now();
  void save_counters();

 private:
  struct Entry;
  void run();
  void poll(Entry& e, std::chrono::steady_clock::time_point now, std::vector<DeviceEvent>& events);
  void rescan();
  void load_counters();
  void start_usb_hotplug();
  void stop_usb_hotplug();
  void note_error(Entry& e, const std::string& text);

  DeviceManagerConfig config_;
  EventCallback on_event_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false, stopping_ = false, kicked_ = false;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::map<std::string, PersistentCounters> saved_;  // from the file, for devices not yet added
  std::vector<UsbDeviceInfo> usb_;
  std::vector<std::string> serial_ports_, video_devices_;
  bool counters_dirty_ = false;
  std::chrono::steady_clock::time_point last_save_{}, last_rescan_{};
  struct Check {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  void spawn_check(std::function<void()> fn);  // joins earlier checks that have finished
  std::mutex checks_mu_;
  std::vector<Check> checks_;
  struct UsbHotplug;
  std::unique_ptr<UsbHotplug> hotplug_;
  std::thread monitor_;
};

}  // namespace ow::drivers
