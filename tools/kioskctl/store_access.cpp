#include "tools/kioskctl/store_access.hpp"

#include <cstdio>

#include "kiosk/sync_setup.hpp"

namespace ow::kioskctl {

std::optional<Config> config_or_fail(Globals& g) {
  auto c = load_config(g.config_path);
  if (!c) {
    std::fprintf(stderr, "kioskctl: %s\n", c.error().message.c_str());
    g.exit_code = 2;
    return std::nullopt;
  }
  return *c;
}

std::unique_ptr<store::Store> open_store(Globals& g, const Config& c) {
  auto options = store_options(c);
  options.actor = "kioskctl";
  auto s = store::Store::open(options);
  if (!s) {
    std::fprintf(stderr, "kioskctl: store %s: %s\n", c.data_dir.c_str(), s.error().message.c_str());
    g.exit_code = 1;
    return nullptr;
  }
  return std::move(*s);
}

}  // namespace ow::kioskctl
