#pragma once
// Maintenance mode attached to the running kiosk: works on the kiosk's own device manager (the
// one that owns every driver), feeds the heartbeat, and detaches again when destroyed.
#include <functional>
#include <memory>

#include "kiosk/app/app_core.hpp"
#include "kiosk/maintenance/maintenance.hpp"

namespace ow::maintenance {

class Attached {
 public:
  // `wake` redraws the UI (worker results are waiting).
  static Result<std::unique_ptr<Attached>> attach(AppCore& core, std::function<void()> wake, Options options = {});
  ~Attached();
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;

  Maintenance& get() { return *maintenance_; }

 private:
  Attached(AppCore& core, std::unique_ptr<Maintenance> m) : core_(core), maintenance_(std::move(m)) {}
  AppCore& core_;
  std::unique_ptr<Maintenance> maintenance_;
};

}  // namespace ow::maintenance
