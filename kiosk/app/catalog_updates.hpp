#pragma once
// Catalog updates: packages the sync engine fetches are verified and staged at once, and applied only
// between sessions (on the attract screen), so no citizen sees the catalog change under them. A
// package that fails verification is refused with its reason and fetched again later. Maintenance
// can roll back to the previous catalog.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kiosk/app/context.hpp"
#include "kiosk/catalog/installer.hpp"

namespace ow {

class CatalogUpdates {
 public:
  // `served` runs on the UI thread after a new catalog is served (the search index is rebuilt).
  CatalogUpdates(AppContext& ctx, std::function<void()> served);

  // On the sync thread: verifies and stages a package.
  store::CatalogVerdict stage(const std::string& bytes);
  // On the UI thread between sessions: applies what is staged, or serves what waited for a session to end.
  bool update();
  // `done` runs on the UI thread with a message for the technician.
  void rollback(std::function<void(bool ok, std::string message)> done);

 private:
  void apply_staged();
  void serve(catalog::Catalog next);

  AppContext& ctx_;
  std::function<void()> served_;
  std::mutex mutex_;  // staged on the sync thread, applied on the worker
  std::unique_ptr<catalog::Installer> installer_;
  bool applying_ = false;                    // guarded by mutex_ until the completion
  std::optional<catalog::Catalog> pending_;  // applied while a session ran: served after it
};

}  // namespace ow
