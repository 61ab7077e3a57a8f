// kioskctl catalog apply | status | rollback: the kiosk's signed matter catalog from a shell.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/catalog/rollout.hpp"
#include "kiosk/config.hpp"
#include "kiosk/maintenance/control_server.hpp"
#include "kiosk/maintenance/technician_config.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

namespace mt = ow::maintenance;

namespace {
struct CatalogCtx {
  Config config;
  std::unique_ptr<catalog::Installer> installer;
};

std::optional<CatalogCtx> open(Globals& g) {
  auto c = config_or_fail(g);
  if (!c) return std::nullopt;
  auto key = catalog::load_public_key(c->catalog_pubkey);
  if (!key) {
    std::fprintf(stderr, "kioskctl: catalog_pubkey: %s\n", key.error().message.c_str());
    g.exit_code = 2;
    return std::nullopt;
  }
  CatalogCtx ctx{*c, std::make_unique<catalog::Installer>(c->data_dir / "catalog", *key, OW_VERSION)};
  return ctx;
}

void reject(Globals& g, const catalog::Rejection& r) {
  std::fprintf(stderr, "kioskctl: catalog rejected (%s): %s\nkioskctl: the current catalog stays in service\n",
               catalog::to_string(r.code), r.message.c_str());
  g.exit_code = 1;
}
}  // namespace

void add_catalog_commands(CLI::App& app, Globals& g) {
  auto* cat = app.add_subcommand("catalog", "The matter catalog: apply a signed package, show status, roll back");
  cat->require_subcommand(1);

  static std::string file;
  auto* apply = cat->add_subcommand("apply", "Verify a catalog package against the pinned key and apply it atomically");
  apply->add_option("FILE", file, "Catalog package (matterpack build)")->required()->check(CLI::ExistingFile);
  apply->callback([&g] {
    auto ctx = open(g);
    if (!ctx) return;
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    auto staged = ctx->installer->stage(bytes, std::chrono::system_clock::now());
    if (!staged) return reject(g, staged.error());
    auto applied = ctx->installer->apply_staged();
    if (!applied) return reject(g, applied.error());
    std::printf("catalog version %lld applied (%s), expires %s; the kiosk serves it from its next start\n",
                static_cast<long long>(applied->version), applied->title.c_str(), applied->expires.c_str());
    // By hand is on purpose: the technician's apply does not wait for the kiosk's rollout ring.
    const auto choice = catalog::choose_ring(*applied, ctx->config.catalog_ring);
    if (!catalog::is_due(choice, std::chrono::system_clock::now()))
      std::printf("note: applied ahead of its rollout; ring %s starts at %s\n", choice.ring.c_str(), catalog::format_time(*choice.start).c_str());
  });

  auto* status = cat->add_subcommand("status", "Show the applied, previous and highest-seen catalog versions");
  status->add_flag("--json", g.json, "One JSON object: current, previous, highest_seen, ring, waiting, …");
  status->callback([&g] {
    auto ctx = open(g);
    if (!ctx) return;
    const auto s = ctx->installer->state();
    const auto m = s.current ? ctx->installer->manifest(s.current) : std::nullopt;
    const auto staged = ctx->installer->find_staged();
    const auto choice = staged ? catalog::choose_ring(*staged, ctx->config.catalog_ring) : catalog::RingChoice{};
    const std::string due = choice.start ? catalog::format_time(*choice.start) : std::string();
    if (g.json) {
      nlohmann::json j = {{"current", s.current}, {"previous", s.previous}, {"highest_seen", s.highest_seen},
                          {"source", s.current ? (*ctx->installer->active_dir()).string() : ctx->config.catalog_file.string()}};
      if (m) j.update({{"title", m->title}, {"created", m->created}, {"expires", m->expires}, {"files", m->files.size()}});
      j["ring"] = ctx->config.catalog_ring.empty() ? nlohmann::json() : nlohmann::json(ctx->config.catalog_ring);
      j["waiting"] = staged ? nlohmann::json{{"version", staged->version},
                                             {"ring", choice.ring.empty() ? nlohmann::json() : nlohmann::json(choice.ring)},
                                             {"due_at", due.empty() ? nlohmann::json() : nlohmann::json(due)}}
                            : nlohmann::json();
      std::printf("%s\n", j.dump(2).c_str());
      return;
    }
    if (s.current == 0) {
      std::printf("no catalog package applied; serving the shipped catalog %s\n", ctx->config.catalog_file.c_str());
    } else {
      std::printf("current       %lld%s\n", static_cast<long long>(s.current), m ? ("  " + m->title).c_str() : "  (manifest unreadable)");
      if (m) std::printf("created       %s\nexpires       %s\nfiles         %zu\n", m->created.c_str(), m->expires.c_str(), m->files.size());
      std::printf("folder        %s\n", ctx->installer->active_dir()->c_str());
    }
    std::printf("previous      %s\nhighest seen  %lld\n", s.previous ? std::to_string(s.previous).c_str() : "(none)",
                static_cast<long long>(s.highest_seen));
    std::printf("ring          %s\n", ctx->config.catalog_ring.empty() ? "(not set: the last ring of each package)" : ctx->config.catalog_ring.c_str());
    if (staged)
      std::printf("waiting       %lld%s, %s\n", static_cast<long long>(staged->version), choice.ring.empty() ? "" : (", ring " + choice.ring).c_str(),
                  due.empty() ? "applied when the kiosk is next idle" : ("due at " + due).c_str());
  });

  auto* rollback = cat->add_subcommand("rollback", "Return to the previous catalog version");
  rollback->callback([&g] {
    auto ctx = open(g);
    if (!ctx) return;
    // A running kiosk rolls back itself (and serves the previous catalog at once); else the files.
    auto tech = mt::load_technician_config(ctx->config);
    if (tech) {
      if (auto a = mt::control_request(tech->control_socket, {{"cmd", "catalog_rollback"}}, 35000)) {
        if (a->value("ok", false)) {
          std::printf("%s\n", a->value("message", std::string("rolled back")).c_str());
        } else {
          std::fprintf(stderr, "kioskctl: %s\n", a->value("error", std::string("the kiosk refused the rollback")).c_str());
          g.exit_code = 1;
        }
        return;
      }
    }
    auto r = ctx->installer->rollback();
    if (!r) {
      std::fprintf(stderr, "kioskctl: %s\n", r.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    std::printf("catalog version %lld is current again; versions up to %lld will not be accepted again\n",
                static_cast<long long>(r->current), static_cast<long long>(r->highest_seen));
  });
}

}  // namespace ow::kioskctl
