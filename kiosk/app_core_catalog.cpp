// AppCore, catalog updates: packages the sync engine fetches are verified and staged at once, and
// applied only between sessions (on the attract screen), so no citizen sees the catalog change
// under them. A package that fails verification is refused with its reason and fetched again later.
#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"

namespace ow {

void AppCore::start_installer() {
  if (config_.catalog_pubkey.empty()) return;
  auto key = catalog::load_public_key(config_.catalog_pubkey);
  if (!key) {
    log::warn("catalog", "no catalog updates: " + key.error().message);
    return;
  }
  installer_ = std::make_unique<catalog::Installer>(config_.data_dir / "catalog", *key, OW_VERSION);
}

store::CatalogVerdict AppCore::stage_catalog(const std::string& bytes) {
  std::lock_guard lock(installer_mutex_);
  if (!installer_) return tl::unexpected(std::string("no pinned catalog key configured"));
  auto staged = installer_->stage(bytes, std::chrono::system_clock::now());
  if (!staged) {
    log::warn("catalog", "package refused: " + staged.error().message);
    return tl::unexpected(staged.error().message);
  }
  log::info("catalog", "package version " + std::to_string(staged->version) + " staged; applied between sessions");
  complete([](AppCore&) {});  // wake the loop: the attract screen may apply it now
  return {};
}

void AppCore::apply_staged_catalog() {
  {
    std::lock_guard lock(installer_mutex_);
    if (!installer_ || !installer_->has_staged() || applying_catalog_) return;
    applying_catalog_ = true;
  }
  worker_.post([this] {
    std::optional<catalog::Catalog> loaded;
    {
      std::lock_guard lock(installer_mutex_);
      auto applied = installer_->apply_staged();
      if (!applied) {
        log::error("catalog", "apply failed, the current catalog stays: " + applied.error().message);
      } else if (auto c = catalog::load_active_catalog(config_.data_dir / "catalog", config_.catalog_file)) {
        loaded = std::move(*c);
      } else {
        log::error("catalog", "applied catalog does not load: " + c.error().message);
      }
    }
    complete([loaded = std::move(loaded)](AppCore& core) mutable {
      core.applying_catalog_ = false;
      // Between sessions only: a session that began meanwhile keeps the catalog it started with.
      if (!loaded || core.screen() != ScreenId::Attract) {
        if (loaded) core.pending_catalog_ = std::move(loaded);
        return;
      }
      core.switch_catalog(std::move(*loaded));
    });
  });
}

void AppCore::rollback_catalog(std::function<void(bool ok, std::string message)> done) {
  worker_.post([this, done = std::move(done)]() mutable {
    std::optional<catalog::Catalog> loaded;
    std::string message;
    {
      std::lock_guard lock(installer_mutex_);
      if (!installer_) {
        message = "no pinned catalog key configured";
      } else if (auto r = installer_->rollback(); !r) {
        message = r.error().message;
      } else if (auto c = catalog::load_active_catalog(config_.data_dir / "catalog", config_.catalog_file); !c) {
        message = "rolled back to version " + std::to_string(r->current) + ", but it does not load: " + c.error().message;
      } else {
        loaded = std::move(*c);
      }
    }
    complete([loaded = std::move(loaded), message, done = std::move(done)](AppCore& core) mutable {
      if (!loaded) {
        log::error("catalog", "rollback failed: " + message);
        done(false, message);
        return;
      }
      const std::string version = loaded->version;
      // Replaces a newer catalog still waiting for a session to end: the rollback is the newest word.
      core.pending_catalog_.reset();
      if (core.screen() == ScreenId::Attract) {
        core.switch_catalog(std::move(*loaded));
        done(true, "catalog version " + version + " is current and served now");
      } else {
        core.pending_catalog_ = std::move(loaded);
        done(true, "catalog version " + version + " is current; served when the citizen's session ends");
      }
    });
  });
}

void AppCore::switch_catalog(catalog::Catalog next) {
  log::info("catalog", "now serving version " + next.version + ", " + std::to_string(next.matters.size()) + " matters");
  catalog_ = std::move(next);
  ++catalog_generation_;
  build_search_index();
}

}  // namespace ow
