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

// A screenshot the kiosk wrote: a PNG, and too large to be a blank screen.
inline bool is_png(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  return in && std::string(sig + 1, 3) == "PNG" && std::filesystem::file_size(p) > 10000;
}
