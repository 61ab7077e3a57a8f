#pragma once
// Runs the real kiosk program headless in a test folder: its config is <dir>/kiosk.toml, its script
// <dir>/script.txt; screenshots go to <dir>/shots and its log (stderr) is read back. The including
// test defines OW_KIOSK_BIN.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

struct KioskRun {
  bool exited = false;  // ended by exit, not by a signal
  int exit_code = -1;
  std::string log;
};

inline KioskRun run_kiosk(const std::filesystem::path& dir) {
  const std::string cmd = std::string(OW_KIOSK_BIN) + " --config " + (dir / "kiosk.toml").string() + " --script " +
                          (dir / "script.txt").string() + " --screenshots " + (dir / "shots").string() + " 2>" +
                          (dir / "log.txt").string();
  const int status = std::system(cmd.c_str());
  std::ifstream in(dir / "log.txt");
  std::stringstream log;
  log << in.rdbuf();
  return KioskRun{WIFEXITED(status), WIFEXITED(status) ? WEXITSTATUS(status) : -1, log.str()};
}
