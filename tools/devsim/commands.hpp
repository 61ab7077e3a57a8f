#pragma once
// Each simulated device family registers one devsim subcommand; its callback runs the simulator
// until it is told to quit (or gets SIGTERM/SIGINT) and sets the exit code.
#include <CLI/CLI.hpp>

namespace ow::devsim {

void add_idcard_command(CLI::App& app, int& exit_code);
void add_printer_command(CLI::App& app, int& exit_code);
void add_barcode_command(CLI::App& app, int& exit_code);

}  // namespace ow::devsim
