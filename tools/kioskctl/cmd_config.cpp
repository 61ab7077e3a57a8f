// kioskctl config check: validate the configuration file the kiosk would read.
#include <cstdio>
#include <filesystem>

#include "kiosk/config.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/disk_guard.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

namespace {
// What the kiosk will find at start beyond the file itself: the files the config names, and the
// disk space that decides whether it takes submissions. Low disk space fails the check (exit 1).
void report_readiness(const Config& c, Globals& g) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto note_file = [&](const char* what, const fs::path& p, const char* hint) {
    if (p.empty()) return;
    std::printf("  %s: %s%s\n", what, p.c_str(), fs::exists(p, ec) ? "" : (std::string(" (missing; ") + hint + ")").c_str());
  };
  note_file("catalog key", c.catalog_pubkey, "kioskctl provision writes it");
  if (!c.platform.url.empty() && !c.platform.insecure_dev) {
    note_file("platform CA", c.platform.ca_file, "kioskctl provision");
    note_file("kiosk certificate", c.platform.cert_file, "kioskctl provision");
    note_file("kiosk key", c.platform.key_file, "kioskctl provision");
  }
  if (!fs::is_directory(c.data_dir, ec)) {
    std::printf("  disk: %s does not exist yet (the package's tmpfiles.d entry creates it)\n", c.data_dir.c_str());
    return;
  }
  auto space = disk_space(c.data_dir);
  if (!space) {
    std::printf("  disk: %s\n", space.error().message.c_str());
    g.exit_code = 1;
    return;
  }
  const auto free_mb = space->free_bytes / (1024 * 1024);
  const bool low = free_mb < c.maintenance.min_free_disk_mb;
  std::printf("  disk: %llu MB free of %llu MB (minimum %llu MB)%s\n", static_cast<unsigned long long>(free_mb),
              static_cast<unsigned long long>(space->total_bytes / (1024 * 1024)),
              static_cast<unsigned long long>(c.maintenance.min_free_disk_mb),
              low ? " -- TOO LOW: the kiosk is not taking submissions" : "");
  if (low) g.exit_code = 1;
}
}  // namespace

void add_config_commands(CLI::App& app, Globals& g) {
  auto* config = app.add_subcommand("config", "Configuration");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Check the configuration file and print what it resolves to");
  check->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    std::printf("config %s is valid\n  kiosk id: %s\n  data dir: %s\n  catalog: %s\n  platform: %s\n",
                g.config_path.c_str(), c->kiosk_id.c_str(), c->data_dir.c_str(), c->catalog_file.c_str(),
                c->platform.url.empty() ? "(offline only)" : c->platform.url.c_str());
    // The devices as the kiosk builds them ([idcard], [printer], …, [[device]]): a bad entry
    // stops the kiosk at start, so it fails the check here, naming the key.
    if (auto specs = device_specs(*c); !specs) {
      std::printf("  devices: %s\n", specs.error().message.c_str());
      g.exit_code = 1;
    } else {
      std::printf("  devices:");
      for (const auto& s : *specs) std::printf(" %s (%s)", s.name.c_str(), s.family.c_str());
      std::printf("%s\n", specs->empty() ? " none" : "");
    }
    report_readiness(*c, g);
  });
}

}  // namespace ow::kioskctl
