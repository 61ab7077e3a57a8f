// kioskctl catalog apply | status | rollback: the kiosk's signed matter catalog from a shell.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/config.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

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
  });

  auto* status = cat->add_subcommand("status", "Show the applied, previous and highest-seen catalog versions");
  status->callback([&g] {
    auto ctx = open(g);
    if (!ctx) return;
    const auto s = ctx->installer->state();
    const auto m = s.current ? ctx->installer->manifest(s.current) : std::nullopt;
    if (g.json) {
      nlohmann::json j = {{"current", s.current}, {"previous", s.previous}, {"highest_seen", s.highest_seen},
                          {"source", s.current ? (*ctx->installer->active_dir()).string() : ctx->config.catalog_file.string()}};
      if (m) j.update({{"title", m->title}, {"created", m->created}, {"expires", m->expires}, {"files", m->files.size()}});
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
  });

  auto* rollback = cat->add_subcommand("rollback", "Return to the previous catalog version");
  rollback->callback([&g] {
    auto ctx = open(g);
    if (!ctx) return;
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
