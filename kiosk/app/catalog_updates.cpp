#include "kiosk/app/catalog_updates.hpp"

#include "kiosk/log.hpp"

namespace ow {

CatalogUpdates::CatalogUpdates(AppContext& ctx, std::function<void()> served) : ctx_(ctx), served_(std::move(served)) {
  const Config& c = ctx_.config();
  if (c.catalog_pubkey.empty()) return;
  auto key = catalog::load_public_key(c.catalog_pubkey);
  if (!key) {
    log::warn("catalog", "no catalog updates: " + key.error().message);
    return;
  }
  installer_ = std::make_unique<catalog::Installer>(c.data_dir / "catalog", *key, OW_VERSION);
}

bool CatalogUpdates::update() {
  if (!ctx_.on(ScreenId::Attract)) return false;
  bool changed = false;
  if (pending_) {
    serve(std::move(*pending_));
    pending_.reset();
    changed = true;
  }
  apply_staged();
  return changed;
}

store::CatalogVerdict CatalogUpdates::stage(const std::string& bytes) {
  std::lock_guard lock(mutex_);
  if (!installer_) return tl::unexpected(std::string("no pinned catalog key configured"));
  auto staged = installer_->stage(bytes, std::chrono::system_clock::now());
  if (!staged) {
    log::warn("catalog", "package refused: " + staged.error().message);
    return tl::unexpected(staged.error().message);
  }
  log::info("catalog", "package version " + std::to_string(staged->version) + " staged; applied between sessions");
  ctx_.wake();  // wake the loop: the attract screen may apply it now
  return {};
}

void CatalogUpdates::apply_staged() {
  {
    std::lock_guard lock(mutex_);
    if (!installer_ || !installer_->has_staged() || applying_) return;
    applying_ = true;
  }
  ctx_.worker().post([this] {
    std::optional<catalog::Catalog> loaded;
    {
      std::lock_guard lock(mutex_);
      auto applied = installer_->apply_staged();
      if (!applied) {
        log::error("catalog", "apply failed, the current catalog stays: " + applied.error().message);
      } else if (auto c = catalog::load_active_catalog(ctx_.config().data_dir / "catalog", ctx_.config().catalog_file)) {
        loaded = std::move(*c);
      } else {
        log::error("catalog", "applied catalog does not load: " + c.error().message);
      }
    }
    ctx_.post([this, loaded = std::move(loaded)]() mutable {
      applying_ = false;
      // Between sessions only: a session that began meanwhile keeps the catalog it started with.
      if (!loaded || !ctx_.on(ScreenId::Attract)) {
        if (loaded) pending_ = std::move(loaded);
        return;
      }
      serve(std::move(*loaded));
    });
  });
}

void CatalogUpdates::rollback(std::function<void(bool ok, std::string message)> done) {
  ctx_.worker().post([this, done = std::move(done)]() mutable {
    std::optional<catalog::Catalog> loaded;
    std::string message;
    {
      std::lock_guard lock(mutex_);
      if (!installer_) {
        message = "no pinned catalog key configured";
      } else if (auto r = installer_->rollback(); !r) {
        message = r.error().message;
      } else if (auto c = catalog::load_active_catalog(ctx_.config().data_dir / "catalog", ctx_.config().catalog_file); !c) {
        message = "rolled back to version " + std::to_string(r->current) + ", but it does not load: " + c.error().message;
      } else {
        loaded = std::move(*c);
      }
    }
    ctx_.post([this, loaded = std::move(loaded), message, done = std::move(done)]() mutable {
      if (!loaded) {
        log::error("catalog", "rollback failed: " + message);
        done(false, message);
        return;
      }
      const std::string version = loaded->version;
      // Replaces a newer catalog still waiting for a session to end: the rollback is the newest word.
      pending_.reset();
      if (ctx_.on(ScreenId::Attract)) {
        serve(std::move(*loaded));
        done(true, "catalog version " + version + " is current and served now");
      } else {
        pending_ = std::move(loaded);
        done(true, "catalog version " + version + " is current; served when the citizen's session ends");
      }
    });
  });
}

void CatalogUpdates::serve(catalog::Catalog next) {
  log::info("catalog", "now serving version " + next.version + ", " + std::to_string(next.matters.size()) + " matters");
  ctx_.serve_catalog(std::move(next));
  served_();
}

}  // namespace ow
