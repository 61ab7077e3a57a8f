#include "kiosk/app/catalog_updates.hpp"

#include "kiosk/catalog/rollout.hpp"
#include "kiosk/log.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow {

nlohmann::json rollout_heartbeat(const std::string& ring, const std::optional<WaitingCatalog>& waiting) {
  nlohmann::json pending;
  if (waiting)
    pending = {{"version", waiting->version},
               {"ring", waiting->ring.empty() ? nlohmann::json() : nlohmann::json(waiting->ring)},
               {"due_at", waiting->due ? nlohmann::json(catalog::format_time(*waiting->due)) : nlohmann::json()}};
  return {{"catalog_ring", ring.empty() ? nlohmann::json() : nlohmann::json(ring)}, {"catalog_pending", pending}};
}

CatalogUpdates::CatalogUpdates(AppContext& ctx, std::function<void()> served)
    : ctx_(ctx), served_(std::move(served)), clock_([] { return std::chrono::system_clock::now(); }) {
  const Config& c = ctx_.config();
  if (c.catalog_pubkey.empty()) return;
  auto key = catalog::load_public_key(c.catalog_pubkey);
  if (!key) {
    log::warn("catalog", "no catalog updates: " + key.error().message);
    return;
  }
  installer_ = std::make_unique<catalog::Installer>(c.data_dir / "catalog", *key, OW_VERSION);
  // A package that waited for its ring when the kiosk stopped still waits (its ETag is remembered,
  // so the platform would not send it again).
  if (auto m = installer_->restore_staged()) note_waiting(*m, "staged before the restart");
  note_active();
}

void CatalogUpdates::note_active() {
  const auto current = installer_->state().current;
  const auto m = current ? installer_->manifest(current) : std::nullopt;
  std::lock_guard lock(waiting_mutex_);
  active_expires_ = m ? m->expires : std::string();
}

std::optional<std::string> CatalogUpdates::expired_at() const {
  std::lock_guard lock(waiting_mutex_);
  catalog::SysTime expires;
  if (active_expires_.empty() || !catalog::parse_time(active_expires_, expires) || clock_() < expires) return std::nullopt;
  return active_expires_;
}

void CatalogUpdates::set_clock(std::function<catalog::SysTime()> clock) {
  std::lock_guard lock(waiting_mutex_);
  clock_ = std::move(clock);
}

catalog::SysTime CatalogUpdates::now() const {
  std::lock_guard lock(waiting_mutex_);
  return clock_();
}

std::optional<WaitingCatalog> CatalogUpdates::waiting() const {
  std::lock_guard lock(waiting_mutex_);
  return waiting_;
}

void CatalogUpdates::note_waiting(const catalog::Manifest& m, const char* how) {
  const std::string& ring = ctx_.config().catalog_ring;
  const auto choice = catalog::choose_ring(m, ring);
  WaitingCatalog w{m.version, choice.ring, choice.start};
  std::string text = "package version " + std::to_string(m.version) + " " + how;
  if (!choice.ring.empty() && !choice.listed && !ring.empty())
    text += "; it does not list this kiosk's ring " + ring + ", so the kiosk follows its last ring";
  if (catalog::is_due(choice, now())) text += "; applied between sessions";
  else text += "; waits for ring " + choice.ring + ", due at " + catalog::format_time(*w.due);
  log::info("catalog", text);
  std::lock_guard lock(waiting_mutex_);
  waiting_ = std::move(w);
}

bool CatalogUpdates::update() {
  if (!ctx_.on(ScreenId::Attract)) return false;
  bool changed = false;
  if (pending_) {
    serve(std::move(*pending_));
    pending_.reset();
    changed = true;
  }
  const auto w = waiting();
  if (w && catalog::is_due({w->ring, w->due}, now())) apply_staged();
  return changed;
}

store::CatalogVerdict CatalogUpdates::stage(const std::string& bytes) {
  std::lock_guard lock(mutex_);
  if (!installer_) return tl::unexpected(std::string("no pinned catalog key configured"));
  auto staged = installer_->stage(bytes, now());
  if (!staged) {
    log::warn("catalog", "package refused: " + staged.error().message);
    return tl::unexpected(staged.error().message);
  }
  note_waiting(*staged, "staged");
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
        // Dropped, not tried again at every update: a newer package or a restart brings the next try.
        log::error("catalog", "apply failed, the current catalog stays: " + applied.error().message);
        installer_->discard_staged();
        // Its ETag is remembered: without a refetch the platform would answer 304 until a newer one.
        if (auto* sync = ctx_.sync()) sync->refetch_catalog();
      } else if (auto c = catalog::load_active_catalog(ctx_.config().data_dir / "catalog", ctx_.config().catalog_file)) {
        loaded = std::move(*c);
      } else {
        log::error("catalog", "applied catalog does not load: " + c.error().message);
      }
      if (!installer_->has_staged()) {
        std::lock_guard w(waiting_mutex_);
        waiting_.reset();
      }
      note_active();
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
      if (installer_) note_active();
      // The rollback also drops a package waiting for its ring: the technician's word is the newest.
      if (installer_ && !installer_->has_staged()) {
        std::lock_guard w(waiting_mutex_);
        if (waiting_) log::info("catalog", "rollback: package version " + std::to_string(waiting_->version) + " no longer waits");
        waiting_.reset();
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
