#pragma once
// Maintenance mode: the technician's side of the running kiosk. Uses the kiosk's device manager
// (or, standing alone, one of its own built from the same config), the PIN
// check with its lockout, the maintenance session (its own idle timeout), the view models of the
// maintenance screens, the local control socket for kioskctl, and the device part of the
// heartbeat. Every entry and action goes to the store's audit log.
//
// Threads: the UI thread calls everything except handle_request() (the control socket's thread)
// and heartbeat_devices() (the sync thread). Slow work (Argon2id, SQLite, catalog rollback) runs
// on a worker; its results are applied in update() on the UI thread.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/device_manager.hpp"
#include "kiosk/config.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/camera_preview.hpp"
#include "kiosk/maintenance/control_server.hpp"
#include "kiosk/maintenance/status_report.hpp"
#include "kiosk/maintenance/technician_config.hpp"
#include "kiosk/maintenance/technician_pins.hpp"
#include "kiosk/worker.hpp"
#include "offline_store/store.hpp"

namespace ow::maintenance {

using SteadyTime = std::chrono::steady_clock::time_point;

// What maintenance needs from the running kiosk (the composition root fills it in).
struct KioskLink {
  std::function<bool()> citizen_idle;            // the attract screen shows: entry allowed
  std::function<store::SyncStatus()> sync_status;
  // The catalog being served. Also called on the control socket's thread: a published copy, never
  // the catalog the UI thread may be replacing.
  std::function<std::string()> catalog_version;
  std::function<void()> sync_now;                // the sync engine should run a pass now
  std::function<void()> wake;                    // redraw: worker results are waiting
  // Maintenance began (the PIN keypad shows) or ended: the citizen side stops or resumes taking
  // cards. UI thread, on each change.
  std::function<void(bool showing)> showing_changed;
  // Makes the previous catalog current and serves it at once when no citizen session runs;
  // `done` gets the technician's message (UI thread). Empty: the installer is used directly and
  // the catalog is served from the next start.
  std::function<void(std::function<void(bool ok, std::string message)> done)> rollback_catalog;
};

// How far back the maintenance screen counts 办不成事 reports, and how many it lists.
inline constexpr int kHelpReportDays = 30;
inline constexpr int kHelpReportRows = 10;

enum class Page { Overview, Device, Queue, Network, Catalog, System, Logs };

enum class PinMessage { None, Wrong, Locked, NoPins, NotIdle, ChooseTechnician, Unavailable };

struct PinEntryView {
  std::size_t digits = 0;  // shown as dots
  bool checking = false;
  PinMessage message = PinMessage::None;
  int attempts_left = 0;
  std::int64_t locked_minutes = 0;  // while locked, rounded up
  // Whose PIN is checked: one technician per attempt (an attempt is not a guess at every PIN).
  std::vector<std::string> technicians;
  std::string chosen;  // empty: not chosen yet (several technicians)
};

struct CheckResult {
  bool running = false;
  std::optional<bool> passed;
  std::string text;  // from the driver, English
};

// A test action's output for the screen: card fields already masked (never logged), a scanned page.
struct ActionOutput {
  std::vector<std::pair<std::string, std::string>> fields;
  std::shared_ptr<const drivers::camera::Frame> image;
};

// One 办不成事 report as the technician sees it: local time, the step, the matter code.
struct HelpReportRow {
  std::string at;  // "YYYY-MM-DD HH:MM", local
  std::string step;
  std::string matter_code;  // empty: before a matter was chosen
};

struct QueueView {
  std::optional<store::OutboxStats> stats;
  std::vector<store::OutboxEntry> waiting;  // pending, sending, rejected; oldest first (no personal data)
  std::int64_t help_count = 0;              // 办不成事 reports in the last kHelpReportDays days
  std::vector<HelpReportRow> help;          // the newest of them, at most kHelpReportRows
  std::string error;                        // the store could not be read
  std::string store_fault;                  // the store is locked (its data key is missing): why
  bool loading = false;
};

struct Options {
  // The running kiosk's device manager (not owned, not stopped here). Null: maintenance builds
  // its own from the config (kiosk/devices.hpp) with `devices`, and the caller starts it.
  drivers::DeviceManager* manager = nullptr;
  drivers::DeviceManagerConfig devices;  // counters_file defaults to <data_dir>/device_counters.json
  PinPolicy pins;
  bool control_socket = true;
};

class Maintenance {
 public:
  static Result<std::unique_ptr<Maintenance>> create(const Config& config, KioskLink link, Options options = {});
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  drivers::DeviceManager& devices() { return *devices_; }
  const TechnicianConfig& technician_config() const { return tech_; }

  // --- entry ---
  // The hidden gesture was made: show the PIN keypad (only while no citizen session runs).
  void begin_entry(SteadyTime now);
  void choose_technician(const std::string& name, SteadyTime now);
  void pin_digit(char digit, SteadyTime now);
  void pin_backspace(SteadyTime now);
  void pin_submit(SteadyTime now);
  void cancel_entry();
  bool entering() const { return entering_; }
  PinEntryView pin_view() const;

  // --- the maintenance session ---
  bool active() const { return !technician_.empty(); }
  bool showing() const { return active() || entering_; }  // the UI draws maintenance instead of the citizen screens
  const std::string& technician() const { return technician_; }
  void touch(SteadyTime now) { last_touch_ = now; }
  // Applies worker results and the idle timeout; true when the screen must be redrawn.
  bool update(SteadyTime now);
  SteadyTime next_wake(SteadyTime now) const;
  void leave(const std::string& why = "left");

  // --- pages and their actions ---
  Page page() const { return page_; }
  void go(Page page);
  void open_device(const std::string& name);
  const std::string& selected_device() const { return selected_; }
  std::vector<drivers::DeviceView> device_list() const { return devices_->devices(); }
  std::optional<drivers::DeviceView> device_view() const { return devices_->device(selected_); }
  CheckResult check_result(drivers::HealthLevel level) const;
  void run_check(drivers::HealthLevel level);
  std::vector<drivers::DeviceAction> device_actions() const { return devices_->actions(selected_); }
  void run_action(const std::string& action_id);
  CheckResult action_result() const;
  const ActionOutput& action_output() const { return action_output_; }
  // The selected camera's live picture with its page / face overlay; null for other devices.
  const CameraPreview* camera_preview() const { return preview_.get(); }

  QueueView queue_view() const;
  void refresh_queue();
  void retry(const std::string& submission_id);
  void retry_all();

  store::SyncStatus sync_status() const { return link_.sync_status ? link_.sync_status() : store::SyncStatus{}; }
  std::vector<CertificateInfo> certificates() const { return certificates_; }
  CatalogInfo catalog_info() const { return catalog_; }
  void rollback_catalog();
  std::string catalog_message() const { return catalog_message_; }
  SystemInfo system_info() const;

  log::Level log_level() const { return log_level_; }
  void set_log_level(log::Level level) { log_level_ = level; }
  std::vector<log::Line> log_lines(std::size_t max) const { return log::recent(log_level_, max); }

  // --- other threads ---
  nlohmann::json handle(const control::Request& request);        // control socket thread
  nlohmann::json handle_request(const nlohmann::json& request);  // validates, then handle()
  nlohmann::json heartbeat_devices() const;                      // sync thread
  StatusInputs live_status() const;

 private:
  Maintenance(const Config& config, KioskLink link, TechnicianConfig tech, Options options,
              std::unique_ptr<drivers::DeviceManager> own_devices);
  void audit(const std::string& action, const std::string& ref, const std::string& detail);
  void post(std::function<void(store::Store*)> job);  // on the worker, with its own store connection
  void complete(std::function<void(Maintenance&)> fn);
  void refresh_static();
  void refresh_queue_after_post();
  void start_preview();
  void report_showing();  // tells link_.showing_changed when showing() changed


  Config config_;
  KioskLink link_;
  TechnicianConfig tech_;
  Options options_;
  std::unique_ptr<drivers::DeviceManager> own_devices_;  // standing alone only
  drivers::DeviceManager* devices_;                        // the kiosk's, or own_devices_
  TechnicianPins pins_;
  SteadyTime started_;

  // UI thread state.
  bool entering_ = false, checking_ = false;
  bool reported_showing_ = false;
  std::string digits_;
  PinMessage message_ = PinMessage::None;
  int attempts_left_ = 0;
  std::int64_t locked_until_ = 0;  // unix seconds, for the audit log
  SteadyTime locked_end_{};        // when the keypad unlocks, by the monotonic clock
  std::vector<std::string> technicians_;
  std::string chosen_;
  std::string technician_;
  SteadyTime last_touch_{};
  Page page_ = Page::Overview;
  std::string selected_;
  std::map<std::pair<std::string, int>, CheckResult> checks_;  // (device, level)
  CheckResult action_;
  ActionOutput action_output_;
  std::unique_ptr<CameraPreview> preview_;  // while a camera's device page is open
  QueueView queue_;
  std::vector<CertificateInfo> certificates_;
  CatalogInfo catalog_;
  std::string catalog_message_;
  log::Level log_level_ = log::Level::Info;

  std::mutex completions_mu_;
  std::vector<std::function<void(Maintenance&)>> completions_;
  // Device callbacks may arrive after this object is gone (a driver finishing a check): they reach
  // it through this guard, which the destructor clears.
  struct Guard {
    std::mutex mu;
    Maintenance* self = nullptr;
  };
  std::shared_ptr<Guard> guard_ = std::make_shared<Guard>();

  // The control socket thread's own store connection (SQLite connections are per thread).
  std::unique_ptr<store::Store> control_store_;
  std::unique_ptr<store::Store> worker_store_;  // used only on worker_
  std::unique_ptr<ControlServer> server_;
  Worker worker_;  // last: its jobs use everything above
};

}  // namespace ow::maintenance
