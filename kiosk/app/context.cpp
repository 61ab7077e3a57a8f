#include "kiosk/app/context.hpp"

namespace ow {

AppContext::AppContext(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store, KioskDevices devices)
    : config_(std::move(config)),
      catalog_(std::move(catalog)),
      served_version_(catalog_.version),
      store_(std::move(store)),
      store_locked_(store_ && store_->vault() == nullptr),
      session_(IdlePolicy{std::chrono::seconds(config_.idle_timeout_s), std::chrono::seconds(config_.idle_countdown_s)},
               config_.language),
      disk_guard_(config_.data_dir, config_.maintenance.min_free_disk_mb * 1024 * 1024),
      devices_(devices),
      worker_(std::make_unique<Worker>()),
      query_worker_(std::make_unique<Worker>()),
      identity_worker_(std::make_unique<Worker>()) {}

void AppContext::serve_catalog(catalog::Catalog next) {
  OW_CHECK_SEQUENCE(ui_thread_);
  {
    std::lock_guard lock(served_version_mutex_);
    served_version_ = next.version;
  }
  catalog_ = std::move(next);
  ++catalog_generation_;
}

std::string AppContext::served_catalog_version() const {
  std::lock_guard lock(served_version_mutex_);
  return served_version_;
}

void AppContext::post(UniqueFunction<void()> fn) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(fn));
  }
  wake();
}

std::vector<UniqueFunction<void()>> AppContext::take_posted() {
  OW_CHECK_SEQUENCE(ui_thread_);
  std::vector<UniqueFunction<void()>> done;
  std::lock_guard lock(posted_mutex_);
  done.swap(posted_);
  return done;
}

void AppContext::set_waker(std::function<void()> wake) {
  std::lock_guard lock(posted_mutex_);
  wake_ = std::move(wake);
}

void AppContext::wake() const {
  std::function<void()> wake;
  {
    std::lock_guard lock(posted_mutex_);
    wake = wake_;
  }
  if (wake) wake();
}

bool AppContext::refuse_if_out_of_service(SteadyTime now) {
  if (store_locked_) session_.data().notice = Notice{Str::OutOfServiceTitle, Str::StoreLockedBody, false, true};
  else if (!disk_guard_.accepting(now)) session_.data().notice = Notice{Str::OutOfServiceTitle, Str::DiskFullBody, false, true};
  else return false;
  session_.go(ScreenId::Notice, now);
  return true;
}

void AppContext::stop_workers() {
  // In order of dependence: an identity or query job may post a store job, never the other way.
  identity_worker_.reset();
  query_worker_.reset();
  worker_.reset();
}

store::SyncStatus AppContext::sync_status() const { return sync_ ? sync_->status() : store::SyncStatus{}; }

void AppContext::sync_now() {
  if (sync_) sync_->notify();
}

}  // namespace ow
