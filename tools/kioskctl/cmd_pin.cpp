// kioskctl pin set | remove | status: the technician PINs that open maintenance mode on the screen.
// Stored as Argon2id hashes in <data_dir>/technician_pins (0600); the PIN is read without echo.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "kiosk/config.hpp"
#include "kiosk/maintenance/technician_pins.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

namespace {
std::string read_secret(const char* prompt) {
  std::fprintf(stderr, "%s", prompt);
  termios old{};
  const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  return line;
}
}  // namespace

void add_pin_commands(CLI::App& app, Globals& g) {
  auto* pin = app.add_subcommand("pin", "Technician PINs for maintenance mode");
  pin->require_subcommand(1);
  auto name = std::make_shared<std::string>("technician");

  auto* set = pin->add_subcommand("set", "Set (or replace) a technician's PIN, 6-12 digits, read from the terminal or stdin");
  set->add_option("--name", *name, "Technician name (shown in the audit log)")->capture_default_str();
  set->callback([&g, name] {
    auto c = config_or_fail(g);
    if (!c) return;
    const std::string first = read_secret("new PIN: ");
    if (isatty(STDIN_FILENO) && read_secret("again: ") != first) {
      std::fprintf(stderr, "kioskctl: the PINs differ\n");
      g.exit_code = 2;
      return;
    }
    maintenance::TechnicianPins pins(c->data_dir);
    if (auto ok = pins.set_pin(*name, first); !ok) {
      std::fprintf(stderr, "kioskctl: %s\n", ok.error().message.c_str());
      g.exit_code = 2;
      return;
    }
    std::printf("PIN for %s stored in %s\n", name->c_str(), pins.pin_file().c_str());
  });

  auto* remove = pin->add_subcommand("remove", "Remove a technician's PIN");
  remove->add_option("--name", *name, "Technician name")->required();
  remove->callback([&g, name] {
    auto c = config_or_fail(g);
    if (!c) return;
    maintenance::TechnicianPins pins(c->data_dir);
    if (auto ok = pins.remove(*name); !ok) {
      std::fprintf(stderr, "kioskctl: %s\n", ok.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    std::printf("PIN for %s removed\n", name->c_str());
  });

  auto* status = pin->add_subcommand("status", "Whether PINs are set and whether entry is locked after wrong PINs");
  status->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    maintenance::TechnicianPins pins(c->data_dir);
    std::printf("PINs set: %s\n", pins.has_pins() ? "yes" : "no");
    if (auto until = pins.locked_until(maintenance::unix_now()))
      std::printf("entry locked for %lld more seconds\n", static_cast<long long>(*until - maintenance::unix_now()));
    else std::printf("entry not locked\n");
  });
}

}  // namespace ow::kioskctl
