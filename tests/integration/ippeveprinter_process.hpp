#pragma once
// `ippeveprinter` (Debian cups-ipp-utils) as a test's IPP Everywhere printer on a free loopback
// port, with a private D-Bus daemon; both are killed in the destructor.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "drivers/printer/ipp_printer.hpp"

namespace ow::test {

inline std::uint16_t ipp_free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

inline pid_t ipp_spawn(std::vector<std::string> args, const std::vector<std::string>& env, const std::filesystem::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: the per-job commands it starts die with it
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

inline void ipp_stop(pid_t& pid) {
  if (pid <= 0) return;
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = -1;
}

inline bool ipp_on_path(const char* program) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    if (access((std::filesystem::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// ippeveprinter needs a D-Bus system bus for its DNS-SD client even with `-r off` (CUPS 2.4):
// a private bus daemon is enough (no Avahi: the client waits for it without failing).
class IppEvePrinter {
 public:
  IppEvePrinter(const std::filesystem::path& dir, const std::string& command = {}) : dir_(dir) {
    if (!ipp_on_path("ippeveprinter") || !ipp_on_path("dbus-daemon")) {
      why_not_ = "ippeveprinter or dbus-daemon is not installed (Debian: cups-ipp-utils, dbus)";
      return;
    }
    std::filesystem::create_directories(dir / "spool");
    const std::string bus = "unix:path=" + (dir / "bus").string();
    bus_pid_ = ipp_spawn({"dbus-daemon", "--session", "--nofork", "--address=" + bus}, {}, dir / "dbus.log");
    for (int i = 0; i < 100 && !std::filesystem::exists(dir / "bus"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    port_ = ipp_free_port();
    std::vector<std::string> args{"ippeveprinter", "-p", std::to_string(port_), "-r", "off", "-k", "-d",
                                  (dir / "spool").string(), "-f", "application/pdf"};
    if (!command.empty()) {
      args.push_back("-c");
      args.push_back(command);
    }
    args.push_back("KioskA4");
    env_ = "DBUS_SYSTEM_BUS_ADDRESS=" + bus;
    pid_ = ipp_spawn(args, {env_}, dir / "ippeveprinter.log");
    config_.uri = "ipp://127.0.0.1:" + std::to_string(port_) + "/ipp/print";
    config_.poll = std::chrono::milliseconds(200);
    config_.fault_grace = std::chrono::milliseconds(800);
    config_.job_timeout = std::chrono::seconds(20);
    for (int i = 0; i < 100; ++i) {
      if (drivers::printer::ipp_query_printer(config_)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream log(dir / "ippeveprinter.log");
    std::stringstream s;
    s << log.rdbuf();
    why_not_ = "ippeveprinter did not start: " + s.str().substr(0, 300);
  }
  ~IppEvePrinter() {
    ipp_stop(pid_);
    ipp_stop(bus_pid_);
  }
  bool ready() const { return why_not_.empty(); }
  // The printer goes away (switched off, cable pulled); the bus stays.
  void kill_printer() { ipp_stop(pid_); }
  const std::string& why_not() const { return why_not_; }
  const drivers::printer::IppPrinterConfig& config() const { return config_; }
  std::filesystem::path spool() const { return dir_ / "spool"; }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1, bus_pid_ = -1;
  std::uint16_t port_ = 0;
  std::string env_, why_not_;
  drivers::printer::IppPrinterConfig config_;
};

}  // namespace ow::test
