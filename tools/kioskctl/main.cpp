// kioskctl: what a technician or operator does with a kiosk from a shell.
#include "tools/kioskctl/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"kioskctl — OneWindow kiosk technician and operator tool"};
  app.require_subcommand(1);
  ow::kioskctl::Globals g;
  app.add_option("--config", g.config_path, "Kiosk configuration file")->capture_default_str();
  // --config is also taken after the command (kioskctl status --config FILE).
  app.fallthrough();
  ow::kioskctl::add_config_commands(app, g);
  ow::kioskctl::add_catalog_commands(app, g);
  ow::kioskctl::add_idcard_commands(app, g);
  ow::kioskctl::add_outbox_commands(app, g);
  ow::kioskctl::add_sscard_commands(app, g);
  ow::kioskctl::add_capture_commands(app, g);
  ow::kioskctl::add_printer_commands(app, g);
  ow::kioskctl::add_status_commands(app, g);
  ow::kioskctl::add_pin_commands(app, g);
  ow::kioskctl::add_provision_commands(app, g);
  ow::kioskctl::add_help_commands(app, g);
  CLI11_PARSE(app, argc, argv);
  return g.exit_code;
}
