#include "tests/drivers/smartcard_pcscd_env.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "drivers/smartcard/pcsc_reader.hpp"

namespace ow::test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPcscd = "/usr/sbin/pcscd";
constexpr const char* kVpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr const char* kUnshare = "/usr/bin/unshare";

// Never destroyed, so that the atexit cleanup still sees it after static destructors ran.
const std::string& private_dir() {
  static const std::string* dir = [] {
    auto* d = new std::string((fs::temp_directory_path() / "ow-pcscd-XXXXXX").string());
    if (!::mkdtemp(d->data())) {
      d->clear();
      return d;
    }
    fs::create_directories(fs::path(*d) / "ipc");
    fs::create_directories(fs::path(*d) / "conf");
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(private_dir(), ec);
    });
    return d;
  }();
  return *dir;
}

// Binds a TCP port on every address (vpcd listens on INADDR_ANY); 0 asks the kernel for one.
int bind_port(std::uint16_t port, std::uint16_t* bound) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (bound) *bound = ntohs(addr.sin_port);
  return fd;
}

// Two consecutive free ports: vpcd opens CHANNELID and CHANNELID + 1.
std::uint16_t free_port_pair() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::uint16_t p = 0;
    const int a = bind_port(0, &p);
    if (a < 0) continue;
    const int b = p < 65535 ? bind_port(static_cast<std::uint16_t>(p + 1), nullptr) : -1;
    ::close(a);
    if (b >= 0) {
      ::close(b);
      return p;
    }
  }
  return 0;
}

}  // namespace

const std::string& PrivatePcscd::socket_path() {
  static const std::string path = [] {
    std::string p = (fs::path(private_dir()) / "ipc" / "pcscd.comm").string();
    ::setenv("PCSCLITE_CSOCK_NAME", p.c_str(), 1);
    return p;
  }();
  return path;
}

PrivatePcscd::PrivatePcscd() {
  socket_path();
  dir_ = private_dir();
  if (dir_.empty()) unavailable_ = "cannot create a private directory under " + fs::temp_directory_path().string();
  else if (!fs::exists(kPcscd)) unavailable_ = std::string(kPcscd) + " not found (Debian package pcscd)";
  else if (!fs::exists(kVpcdDriver)) unavailable_ = std::string(kVpcdDriver) + " not found (Debian package vsmartcard-vpcd)";
  else if (!fs::exists(kUnshare)) unavailable_ = std::string(kUnshare) + " not found (util-linux)";
}

std::string PrivatePcscd::start() {
  if (!unavailable_.empty()) return unavailable_;
  if (running()) return {};
  port_ = free_port_pair();
  if (port_ == 0) return "no two consecutive free TCP ports for vpcd";
  {
    std::ofstream conf(fs::path(dir_) / "conf" / "vpcd");
    conf << "FRIENDLYNAME \"OW Virtual PCD\"\n"
         << "DEVICENAME   /dev/null:" << port_ << "\n"
         << "LIBPATH      " << kVpcdDriver << "\n"
         << "CHANNELID    " << port_ << "\n";
  }
  const std::string ipc = (fs::path(dir_) / "ipc").string();
  // A pcscd killed earlier leaves its socket and pid file, and a new one refuses to start over them.
  std::error_code ec;
  fs::remove(fs::path(ipc) / "pcscd.comm", ec);
  fs::remove(fs::path(ipc) / "pcscd.pid", ec);
  const std::string conf = (fs::path(dir_) / "conf").string();
  const std::string log = (fs::path(dir_) / "pcscd.log").string();
  // Inside the namespace: a fresh /run (so /run/pcscd can be created even if the host has none),
  // the private directory bound over /run/pcscd, then pcscd in the foreground.
  const std::string script =
      "mount -t tmpfs ow-pcscd /run && mkdir -p /run/pcscd && mount --bind \"$1\" /run/pcscd && "
      "exec " + std::string(kPcscd) + " --foreground --info --config \"$2\"";
  std::vector<std::string> args{kUnshare, "--mount"};
  if (::geteuid() != 0) {
    args.emplace_back("--user");
    args.emplace_back("--map-root-user");
  }
  for (const char* a : {"sh", "-c"}) args.emplace_back(a);
  args.push_back(script);
  args.emplace_back("ow-pcscd");
  args.push_back(ipc);
  args.push_back(conf);

  const pid_t pid = ::fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(kUnshare, argv.data());
    ::_exit(127);
  }
  pid_ = pid;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return "pcscd exited at start (status " + std::to_string(status) + "): " + log_tail();
    }
    if (fs::exists(socket_path())) {
      auto readers = drivers::smartcard::PcscReader::list_readers();
      if (readers && std::find(readers->begin(), readers->end(), reader_name()) != readers->end()) return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  return "pcscd did not list its vpcd reader within 10 s: " + log_tail();
}

void PrivatePcscd::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 60; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string PrivatePcscd::log_tail() const {
  std::ifstream in(fs::path(dir_) / "pcscd.log");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 1500 ? s.substr(s.size() - 1500) : s;
}

}  // namespace ow::test
