#pragma once
// devsim printer on a free TCP port for a headless journey: its paper goes to `out`, its control
// socket takes "paper out" / "paper ok". The including test defines OW_DEVSIM_BIN.
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
  std::string address;
  PrinterSim(const path& out, const path& socket) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      execl(OW_DEVSIM_BIN, OW_DEVSIM_BIN, "printer", "--tcp", "0", "--out", out.c_str(), "--control", socket.c_str(),
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
    for (int i = 0; i < 100 && !std::filesystem::exists(socket); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~PrinterSim() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
};
