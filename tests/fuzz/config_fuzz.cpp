// The kiosk's config file (kiosk.toml, kiosk/config.hpp parse_config) from any bytes: a config or
// a message, never a crash or an exception; what is accepted keeps the ranges the loader promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ow::Result<ow::Config> c = [&] {
    try {
      return ow::parse_config(text, "/fuzz/kiosk.toml");
    } catch (...) {
      std::abort();  // the loader reports every problem as a value
    }
  }();
  if (!c) {
    if (c.error().message.empty()) std::abort();
    return 0;
  }
  if (c->idle_countdown_s >= c->idle_timeout_s) std::abort();
  if (c->kiosk_number < 0 || c->kiosk_number > 9999) std::abort();
  if (c->display_dpi < 50 || c->display_dpi > 600) std::abort();
  if (c->platform.url.rfind("http://", 0) == 0 && !c->platform.insecure_dev) std::abort();
  if (c->printer.width_dots < 384 || c->printer.width_dots > 832) std::abort();
  return 0;
}
