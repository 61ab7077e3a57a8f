// The kiosk program: reads the config, wires the core, and runs the touch UI.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "base/process_hardening.hpp"
#include "base/thread_guard.hpp"
#include "kiosk/composition.hpp"
#include "kiosk/log.hpp"
#include "ui/kiosk_window.hpp"

int main(int argc, char** argv) {
  ow::ui::UiOptions options;
  options.process_start = std::chrono::steady_clock::now();

  CLI::App cli{"OneWindow (一窗通办) government self-service kiosk"};
  std::string config_path, script_path, screenshot_dir = "demo-out";
  bool version = false;
  cli.add_option("--config", config_path, "Configuration file (TOML); see assets/config/kiosk.toml");
  cli.add_option("--script", script_path, "Run a UI script headless (see README) and exit with its result");
  cli.add_option("--screenshots", screenshot_dir, "Folder for the script's screenshots")->capture_default_str();
  std::string audit_file;
  cli.add_option("--audit", audit_file, "File the script's audit steps append their JSON lines to (default: <screenshots>/audit.jsonl)");
  cli.add_flag("--headless", options.headless, "Use the SDL offscreen driver and software renderer");
  cli.add_flag("--version", version, "Print the version and exit");
  CLI11_PARSE(cli, argc, argv);

  if (version) {
    std::printf("kiosk (OneWindow) %s\n", OW_VERSION);
    return 0;
  }

  auto config = config_path.empty() ? ow::Result<ow::Config>(ow::default_config()) : ow::load_config(config_path);
  if (!config) {
    std::fprintf(stderr, "kiosk: %s\n", config.error().message.c_str());
    return 2;
  }
  ow::log::set_level(config->log_level);
  ow::log::set_rate_limit(config->log_burst, config->log_per_minute);
  // Before any key or citizen's data is in memory.
  if (auto hardened = ow::harden_process(); !hardened) ow::log::warn("kiosk", hardened.error());
  ow::set_thread_fault_handler([](std::string_view thread, std::string_view what) {
    ow::log::error("thread", std::string(thread) + " stopped by an exception: " + std::string(what));
  });
#ifdef OW_TEST_HOOKS
  // Only in the test build (tests/deploy): make the UI loop hang, to test systemd's watchdog.
  if (const char* ms = std::getenv("OW_TEST_FREEZE_AFTER_MS"))
    ow::ui::Watchdog::freeze_loop_after(std::chrono::milliseconds(std::atoll(ms)));
#endif
  if (!script_path.empty()) {
    options.headless = true;
    options.script = script_path;
  }
  options.screenshot_dir = screenshot_dir;
  options.audit_file = audit_file.empty() ? options.screenshot_dir / "audit.jsonl" : std::filesystem::path(audit_file);

  auto core = ow::compose(*config);
  if (!core) {
    ow::log::error("kiosk", core.error().message);
    return 2;
  }
  auto window = ow::ui::KioskWindow::create(**core, options);
  if (!window) {
    ow::log::error("kiosk", window.error().message);
    return 2;
  }
  return (*window)->run();
}
