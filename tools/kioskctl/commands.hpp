#pragma once
// Each command family registers its subcommands on the kioskctl app. A command's callback sets
// the process exit code through `exit_code` (0 ok, 1 failure, 2 bad input).
#include <CLI/CLI.hpp>

namespace ow::kioskctl {

struct Globals {
  std::string config_path = "/etc/onewindow/kiosk.toml";
  bool json = false;
  int exit_code = 0;
};

void add_config_commands(CLI::App& app, Globals& g);
void add_catalog_commands(CLI::App& app, Globals& g);  // catalog apply | status | rollback
void add_idcard_commands(CLI::App& app, Globals& g);  // idcard read | decode
void add_outbox_commands(CLI::App& app, Globals& g);  // outbox … and sync --once
void add_sscard_commands(CLI::App& app, Globals& g);  // sscard readers | read
void add_capture_commands(CLI::App& app, Globals& g);  // camera list | snapshot | check, scanner list | scan
void add_provision_commands(CLI::App& app, Globals& g);  // provision (first-boot enrolment)
void add_printer_commands(CLI::App& app, Globals& g);  // printer status | test | sample-receipt | a4-status | a4-test
void add_status_commands(CLI::App& app, Globals& g);  // status | devices | health | usb | logs (maintenance, issue 9)
void add_pin_commands(CLI::App& app, Globals& g);  // pin set | remove | status
void add_help_commands(CLI::App& app, Globals& g);  // help [COMMAND] (usage), help list (办不成事 reports)

}  // namespace ow::kioskctl
