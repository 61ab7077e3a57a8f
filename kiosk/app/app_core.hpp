#pragma once
// The application core: owns the feature controllers and the context they share, routes each
// intent from the screens and each device event to the feature that handles it, and runs the work
// background threads hand back, the idle timeout and the screen changes once per UI loop turn.
// No SDL, no ImGui. Built and wired by the composition root (kiosk/composition.hpp).
//
// Routing: a message goes first to the feature that owns the screen shown (screen_flow.hpp), when
// that feature handles its type, else to the one feature that declares it. A type no feature
// handles does not compile.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "kiosk/app/catalog_updates.hpp"
#include "kiosk/app/context.hpp"
#include "kiosk/app/events.hpp"
#include "kiosk/app/intent.hpp"
#include "kiosk/application/application_controller.hpp"
#include "kiosk/face/face_controller.hpp"
#include "kiosk/find/find_controller.hpp"
#include "kiosk/hall/hall_controller.hpp"
#include "kiosk/hall/progress_controller.hpp"
#include "kiosk/materials/materials_controller.hpp"
#include "kiosk/qr_login/qr_login_controller.hpp"
#include "kiosk/rating/rating_controller.hpp"
#include "kiosk/receipt/printing.hpp"
#include "kiosk/receipt/receipt_controller.hpp"
#include "kiosk/review/review_controller.hpp"
#include "kiosk/session/session_controller.hpp"

namespace ow {

class AppCore {
 public:
  // `devices` are the journey's drivers out of `manager`, which owns every driver and is released
  // first when the core goes, so no driver thread reaches a controller that is gone.
  AppCore(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store, KioskDevices devices,
          std::unique_ptr<drivers::DeviceManager> manager);
  ~AppCore();
  AppCore(const AppCore&) = delete;
  AppCore& operator=(const AppCore&) = delete;

  // Called from worker threads to wake the UI loop when they have something for it.
  void set_waker(std::function<void()> wake) { ctx_->set_waker(std::move(wake)); }
  // Runs `fn` on the UI thread at the next update(): how device callbacks reach the core.
  void post(UniqueFunction<void()> fn) { ctx_->post(std::move(fn)); }
  // A device event from a driver's thread, handled at the next update() at that update's time:
  // the kiosk's clock, which a script may have moved, so the session it starts is not idle at once.
  void post_event(Event event);
  void set_sync(std::unique_ptr<store::SyncEngine> sync) { ctx_->set_sync(std::move(sync)); }

  void dispatch(const Intent& intent, SteadyTime now);
  void on_event(Event event, SteadyTime now);
  // Applies finished background work and the idle timeout; true when the screen must be redrawn.
  bool update(SteadyTime now);

  ScreenId screen() const { return ctx_->screen(); }
  bool elderly() const { return ctx_->session().elderly(); }
  std::optional<int> idle_countdown(SteadyTime now) const { return ctx_->session().countdown_left(now); }
  // The latest moment the UI should wake without input (countdown tick, clock minute, countdown start).
  SteadyTime next_wake(SteadyTime now, WallTime wall) const;

  // The outbox and the link to the platform (offline badge, technician screen); thread-safe.
  store::SyncStatus sync_status() const { return ctx_->sync_status(); }
  void sync_now() { ctx_->sync_now(); }
  // The device health the heartbeat reports (called on the sync thread).
  void set_heartbeat_devices(std::function<nlohmann::json()> provider);
  nlohmann::json heartbeat_devices();
  // Maintenance: makes the previous catalog current and serves it at once when no citizen session
  // runs (else when it ends). `done` runs on the UI thread with a message for the technician.
  void rollback_catalog(std::function<void(bool ok, std::string message)> done) { catalog_updates_.rollback(std::move(done)); }
  store::CatalogVerdict stage_catalog(const std::string& bytes) { return catalog_updates_.stage(bytes); }
  // The package waiting for this kiosk's rollout ring, if any; any thread (heartbeat).
  std::optional<WaitingCatalog> catalog_waiting() const { return catalog_updates_.waiting(); }
  // The wall clock rollout rings are judged at; tests move it instead of waiting a day.
  void set_catalog_clock(std::function<catalog::SysTime()> clock) { catalog_updates_.set_clock(std::move(clock)); }
  // Maintenance mode shows instead of the citizen screens: a card on the reader must not start a
  // citizen session (the technician's card-read test reads it on demand). UI thread.
  void set_maintenance(bool showing) { entry_.set_maintenance(showing); }

  const Config& config() const { return ctx_->config(); }
  const catalog::Catalog& catalog() const { return ctx_->catalog(); }  // UI thread
  // The served catalog's version; any thread (heartbeat, maintenance's control socket).
  std::string catalog_version() const { return ctx_->served_catalog_version(); }
  std::optional<std::string> catalog_expired_at() const { return catalog_updates_.expired_at(); }
  // Grows each time a new catalog is served: the UI rebuilds its font atlas for the new texts.
  int catalog_generation() const { return ctx_->catalog_generation(); }
  // The session object, for tests that check it was wiped.
  const Session& session() const { return ctx_->session(); }
  const KioskDevices& devices() const { return ctx_->devices(); }
  // Every device of the kiosk, for maintenance mode.
  drivers::DeviceManager& device_manager() { return *device_manager_; }

  // The features, for their view models.
  SessionController& entry() { return entry_; }
  const SessionController& entry() const { return entry_; }
  const FindController& find() const { return find_; }
  ApplicationController& application() { return application_; }
  const ApplicationController& application() const { return application_; }
  const MaterialsController& materials() const { return materials_; }
  const FaceController& face() const { return face_; }
  const ReviewController& review() const { return review_; }
  const ReceiptController& receipt() const { return receipt_; }
  const RatingController& rating() const { return rating_; }
  const ProgressController& progress() const { return progress_; }
  const HallController& hall() const { return hall_; }
  const QrLoginController& qr_login() const { return qr_login_; }

 private:
  template <class M>
  void route(M&& message, SteadyTime now);
  template <class M>
  bool deliver_to_owner(M&& message, SteadyTime now);
  void on_screen_change();

  std::unique_ptr<AppContext> ctx_;  // first: the controllers hold it
  std::uint64_t hall_generation_ = 0;
  Printing printing_;
  SessionController entry_;
  FindController find_;
  ApplicationController application_;
  MaterialsController materials_;
  FaceController face_;
  ReviewController review_;
  ReceiptController receipt_;
  RatingController rating_;
  ProgressController progress_;
  HallController hall_;
  QrLoginController qr_login_;
  CatalogUpdates catalog_updates_;
  ScreenId shown_ = ScreenId::Attract;  // the screen update() last saw, to notice changes
  std::mutex heartbeat_mutex_;
  std::function<nlohmann::json()> heartbeat_devices_;
  std::unique_ptr<drivers::DeviceManager> device_manager_;  // last: released first
};

}  // namespace ow
