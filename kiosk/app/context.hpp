#pragma once
// What every feature controller shares: the configuration, the catalog being served, the citizen
// session, the store and its worker, the platform link, the devices, and the queue of work that
// background threads hand back to the UI thread. Owned by AppCore; controllers hold a reference.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/sequence_checker.hpp"
#include "base/unique_function.hpp"
#include "drivers/barcode/serial_scanner.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/printer/receipt_printer.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"
#include "kiosk/catalog/catalog.hpp"
#include "kiosk/config.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/disk_guard.hpp"
#include "kiosk/session/session.hpp"
#include "kiosk/worker.hpp"
#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow {

class AppContext {
 public:
  AppContext(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store, KioskDevices devices);

  const Config& config() const { return config_; }
  // The catalog belongs to the UI thread, which replaces it between sessions (serve_catalog).
  const catalog::Catalog& catalog() const {
    OW_CHECK_SEQUENCE(ui_thread_);
    return catalog_;
  }
  // Grows each time a new catalog is served.
  int catalog_generation() const {
    OW_CHECK_SEQUENCE(ui_thread_);
    return catalog_generation_;
  }
  void serve_catalog(catalog::Catalog next);
  // The served catalog's version for other threads (heartbeat, kioskctl status): a copy published
  // when a catalog is served, so they never read the catalog the UI thread may be replacing.
  std::string served_catalog_version() const;

  // The session belongs to the UI thread; workers hand their results back with post().
  Session& session() {
    OW_CHECK_SEQUENCE(ui_thread_);
    return session_;
  }
  const Session& session() const {
    OW_CHECK_SEQUENCE(ui_thread_);
    return session_;
  }
  SessionData& data() { return session().data(); }
  const SessionData& data() const { return session().data(); }
  ScreenId screen() const { return session_.screen(); }
  bool on(ScreenId s) const { return session_.screen() == s; }
  bool go(ScreenId next, SteadyTime now) { return session().go(next, now); }

  // Runs `fn` on the UI thread at the next update(); callable from any thread. The update's time is
  // update_time(), so what `fn` does counts on the same clock as the citizen's taps.
  void post(UniqueFunction<void()> fn);
  SteadyTime update_time() const { return update_time_; }
  void set_update_time(SteadyTime now) { update_time_ = now; }
  std::vector<UniqueFunction<void()>> take_posted();
  void set_waker(std::function<void()> wake);
  void wake() const;

  // No new application is taken — the disk is nearly full, or the store is locked (its data key is
  // missing): says so on the notice screen and returns true.
  bool refuse_if_out_of_service(SteadyTime now);
  bool store_locked() const { return store_locked_; }

  // The store is used only on `worker`'s thread.
  store::Store& store() { return *store_; }
  Worker& worker() { return *worker_; }
  Worker& query_worker() { return *query_worker_; }        // progress queries wait for the platform here
  Worker& identity_worker() { return *identity_worker_; }  // QR login and profile answers
  // Finishes the queued jobs of every worker; called before the controllers they reach go away.
  void stop_workers();

  void set_sync(std::unique_ptr<store::SyncEngine> sync) { sync_ = std::move(sync); }
  store::SyncEngine* sync() { return sync_.get(); }
  store::SyncStatus sync_status() const;
  void sync_now();

  KioskDevices& devices() { return devices_; }
  const KioskDevices& devices() const { return devices_; }

  // The technician's screens show instead of the citizen's.
  bool maintenance() const { return maintenance_; }
  void set_maintenance(bool showing) { maintenance_ = showing; }

 private:
  OW_SEQUENCE_CHECKER(ui_thread_);
  Config config_;
  catalog::Catalog catalog_;
  int catalog_generation_ = 0;
  SteadyTime update_time_{};
  mutable std::mutex served_version_mutex_;
  std::string served_version_;  // catalog_.version, guarded by served_version_mutex_
  std::unique_ptr<store::Store> store_;
  bool store_locked_ = false;  // read at construction: the store then belongs to the worker
  Session session_;
  DiskGuard disk_guard_;
  mutable std::mutex posted_mutex_;
  std::vector<UniqueFunction<void()>> posted_;
  std::function<void()> wake_;
  KioskDevices devices_;
  bool maintenance_ = false;
  std::unique_ptr<store::SyncEngine> sync_;
  std::unique_ptr<Worker> worker_, query_worker_, identity_worker_;
};

}  // namespace ow
