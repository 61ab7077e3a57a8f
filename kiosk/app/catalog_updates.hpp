#pragma once
// Catalog updates: packages the sync engine fetches are verified and staged at once, and applied only
// between sessions (on the attract screen), so no citizen sees the catalog change under them. A
// package that names rollout rings is applied only once this kiosk's ring has started (the start is
// checked at every update, on an injectable clock); until then it stays staged, also across restarts.
// A package that fails verification is refused with its reason and fetched again later. Maintenance
// can roll back to the previous catalog.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/app/context.hpp"
#include "kiosk/catalog/installer.hpp"

namespace ow {

// A staged package this kiosk has not applied yet, and when its ring makes it due.
struct WaitingCatalog {
  std::int64_t version = 0;
  std::string ring;     // the ring this kiosk follows for it; empty: the package has no rollout
  std::optional<catalog::SysTime> due;  // the ring's start; nullopt: due at once (no rollout)
};

// What the heartbeat says of the rollout (docs/platform-api.md): "catalog_ring" (the configured
// ring or null) and "catalog_pending" ({"version", "ring", "due_at"} or null).
nlohmann::json rollout_heartbeat(const std::string& ring, const std::optional<WaitingCatalog>& waiting);

class CatalogUpdates {
 public:
  // `served` runs on the UI thread after a new catalog is served (the search index is rebuilt).
  CatalogUpdates(AppContext& ctx, std::function<void()> served);

  // On the sync thread: verifies and stages a package.
  store::CatalogVerdict stage(const std::string& bytes);
  // On the UI thread between sessions: applies what is staged once due, or serves what waited for a session to end.
  bool update();
  // `done` runs on the UI thread with a message for the technician.
  void rollback(std::function<void(bool ok, std::string message)> done);

  // The wall clock rollout rings and expiry are judged at (tests move it); any thread.
  void set_clock(std::function<catalog::SysTime()> clock);
  // The package waiting for this kiosk's ring (heartbeat, technician status); any thread.
  std::optional<WaitingCatalog> waiting() const;
  // When the applied catalog expired, if it has: it is still served (a kiosk without a catalog
  // helps nobody) but technicians and the platform must know; any thread.
  std::optional<std::string> expired_at() const;

 private:
  void apply_staged();
  void serve(catalog::Catalog next);
  catalog::SysTime now() const;
  void note_waiting(const catalog::Manifest& m, const char* how);
  void note_active();  // reads the applied version's expiry (mutex_ held or not yet shared)

  AppContext& ctx_;
  std::function<void()> served_;
  std::mutex mutex_;  // staged on the sync thread, applied on the worker
  std::unique_ptr<catalog::Installer> installer_;
  bool applying_ = false;                    // guarded by mutex_ until the completion
  std::optional<catalog::Catalog> pending_;  // applied while a session ran: served after it
  mutable std::mutex waiting_mutex_;         // guards clock_ and waiting_, read by other threads
  std::function<catalog::SysTime()> clock_;
  std::optional<WaitingCatalog> waiting_;
  std::string active_expires_;  // guarded by waiting_mutex_; empty: no package applied
};

}  // namespace ow
