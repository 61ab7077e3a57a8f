#include "tools/kioskctl/store_access.hpp"

#include <cstdio>
#include <filesystem>

#include "kiosk/sync_setup.hpp"
#include "tools/kioskctl/data_key.hpp"
#include "tools/kioskctl/run_as_owner.hpp"

namespace ow::kioskctl {

std::optional<Config> config_or_fail(Globals& g) {
  // A technician on a test bench or beside the demo has no /etc config: say where we looked and how to choose one.
  if (!std::filesystem::exists(g.config_path)) {
    const bool the_default = g.config_path == Globals{}.config_path;
    std::fprintf(stderr, "kioskctl: no kiosk config at %s%s\n", g.config_path.c_str(), the_default ? " (the default; --config not given)" : "");
    std::fprintf(stderr, "  point kioskctl at the kiosk's config: kioskctl --config /path/to/kiosk.toml COMMAND\n");
    std::fprintf(stderr, "  (tools/demo.sh prints the path of the config it wrote)\n");
    g.exit_code = 2;
    return std::nullopt;
  }
  auto c = load_config(g.config_path);
  if (!c) {
    std::fprintf(stderr, "kioskctl: %s\n", c.error().message.c_str());
    g.exit_code = 2;
    return std::nullopt;
  }
  if (auto as_owner = become_data_dir_owner(c->data_dir); !as_owner) {
    std::fprintf(stderr, "kioskctl: %s\n", as_owner.error().message.c_str());
    g.exit_code = 1;
    return std::nullopt;
  }
  return *c;
}

std::unique_ptr<store::Store> open_store(Globals& g, const Config& c) {
  auto options = store_options(c);
  options.actor = "kioskctl";
  const DecryptedDataKey key(options);  // the store keeps its subkeys, not the file
  if (!key.error().empty()) std::fprintf(stderr, "kioskctl: data key: %s\n", key.error().c_str());
  auto s = store::Store::open(options);
  if (!s) {
    std::fprintf(stderr, "kioskctl: store %s: %s\n", c.data_dir.c_str(), s.error().message.c_str());
    g.exit_code = 1;
    return nullptr;
  }
  return std::move(*s);
}

}  // namespace ow::kioskctl
