// kioskctl config check: validate the configuration file the kiosk would read.
#include <cstdio>

#include "kiosk/config.hpp"
#include "tools/kioskctl/commands.hpp"

namespace ow::kioskctl {

void add_config_commands(CLI::App& app, Globals& g) {
  auto* config = app.add_subcommand("config", "Configuration");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Check the configuration file and print what it resolves to");
  check->callback([&g] {
    auto c = load_config(g.config_path);
    if (!c) {
      std::fprintf(stderr, "kioskctl: %s\n", c.error().message.c_str());
      g.exit_code = 2;
      return;
    }
    std::printf("config %s is valid\n  kiosk id: %s\n  data dir: %s\n  catalog: %s\n  platform: %s\n",
                g.config_path.c_str(), c->kiosk_id.c_str(), c->data_dir.c_str(), c->catalog_file.c_str(),
                c->platform.url.empty() ? "(offline only)" : c->platform.url.c_str());
  });
}

}  // namespace ow::kioskctl
