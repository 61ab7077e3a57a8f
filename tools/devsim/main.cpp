// devsim: device simulators that speak the device side of each real wire protocol, for tests,
// the demo and benchmarks. One subcommand per device family (devsim idcard, …).
#include "tools/devsim/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"devsim — OneWindow device simulators"};
  app.require_subcommand(1);
  int exit_code = 0;
  ow::devsim::add_idcard_command(app, exit_code);
  ow::devsim::add_printer_command(app, exit_code);
  ow::devsim::add_barcode_command(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
