#pragma once
// devsim printer on a free TCP port for a headless journey: its paper goes to <dir>/paper, its
// control socket <dir>/printer.sock takes "paper out" / "paper ok". The including test defines
// OW_DEVSIM_BIN.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include <doctest/doctest.h>

struct PrinterSim {
  using path = std::filesystem::path;
  pid_t pid = -1;
  path paper;
  std::string control;  // for a kiosk script's `sim "<socket> paper out"` steps
  std::string address;
  explicit PrinterSim(const path& dir) : paper(dir / "paper"), control((dir / "printer.sock").string()) {
    std::filesystem::create_directories(paper);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      execl(OW_DEVSIM_BIN, OW_DEVSIM_BIN, "printer", "--tcp", "0", "--out", paper.c_str(), "--control", control.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    FILE* in = fdopen(fds[0], "r");
    char line[256] = {};
    if (std::fgets(line, sizeof line, in)) {
      std::string l(line);
      if (l.rfind("tcp ", 0) == 0) address = l.substr(4, l.find_first_of("\r\n") - 4);
    }
    // The rest of its stdout is not needed; it must not block on a full pipe either.
    std::thread([in] {
      char buf[256];
      while (std::fgets(buf, sizeof buf, in)) {
      }
      std::fclose(in);
    }).detach();
    for (int i = 0; i < 100 && !std::filesystem::exists(control); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The kiosk config's section that prints on this printer.
  std::string toml() const { return "[printer]\ntransport = \"tcp\"\naddress = \"" + address + "\"\n"; }
  // How many pages (receipts, tickets) it printed as pictures.
  int pages_printed() const {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(paper)) n += e.path().extension() == ".png";
    return n;
  }
  ~PrinterSim() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
};
