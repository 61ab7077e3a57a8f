#pragma once
// The platform emulator as a child process on loopback, test certificates, and admin queries,
// for the sync integration tests. The emulator is always killed when the fixture goes.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "offline_store/outbox_types.hpp"
#include "offline_store/platform_client.hpp"

namespace ow::synctest {

namespace fs = std::filesystem;

// A small submission with one material, as the sync tests queue them.
inline store::SubmissionDraft sample(const std::string& id, const std::string& kiosk = "K1", const std::string& matter = "M1") {
  store::SubmissionDraft d;
  d.id = id;
  d.kiosk_id = kiosk;
  d.created_at = "2026-11-22T10:00:00+08:00";
  d.matter_code = matter;
  d.catalog_version = "12";
  d.materials.push_back({"ID_COPY", "scan of " + id});
  return d;
}

inline fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("ow-sync-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// CA, platform and kiosk certificates from tools/dev-certs.sh.
inline fs::path make_certs(const fs::path& dir, const std::string& kiosks = "K1 K2") {
  const std::string cmd = std::string(OW_DEV_CERTS) + " " + dir.string() + " " + kiosks + " >/dev/null";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("dev-certs.sh failed");
  return dir;
}

class Emulator {
 public:
  // args: extra platform-emu flags. TLS with certs from `certs` unless `plain`.
  Emulator(const std::vector<std::string>& args, const fs::path& certs, bool plain) : plain_(plain), certs_(certs) {
    std::vector<std::string> argv{OW_PLATFORM_EMU, "--port", "0"};
    if (plain) argv.push_back("--plain");
    else
      for (const char* f : {"--cert", "platform.pem", "--key", "platform.key", "--client-ca", "ca.pem"})
        argv.push_back(f[0] == '-' ? f : (certs / f).string());
    argv.insert(argv.end(), args.begin(), args.end());
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 2);
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    pollfd p{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 5000) > 0) {
      char buf[64];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    port_ = std::atoi(line.c_str());
    if (port_ <= 0) {
      stop();
      throw std::runtime_error("platform-emu did not start");
    }
  }
  ~Emulator() { stop(); }
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  int port() const { return port_; }
  std::string url() const { return std::string(plain_ ? "http" : "https") + "://localhost:" + std::to_string(port_); }

  store::PlatformEndpoint endpoint(const std::string& kiosk = "K1") const {
    store::PlatformEndpoint e;
    e.url = url();
    e.insecure_dev = plain_;
    if (!plain_) {
      e.ca_file = certs_ / "ca.pem";
      e.cert_file = certs_ / (kiosk + ".pem");
      e.key_file = certs_ / (kiosk + ".key");
    }
    e.request_timeout = std::chrono::seconds(10);
    return e;
  }

  // The gateway in front of the emulator answers `status` to every call under `path` (0: no more).
  void gateway_fault(int status, const std::string& path = "/v1/") const {
    auto client = store::PlatformClient::create(endpoint()).value();
    const auto a = client->request("POST", "/admin/gateway-fault", nlohmann::json{{"status", status}, {"path", path}}.dump());
    if (a.status != 200) throw std::runtime_error("gateway-fault not set");
  }

  // An unfaulted admin or API call, answered as JSON.
  nlohmann::json get(const std::string& path) const {
    auto client = store::PlatformClient::create(endpoint()).value();
    auto a = client->request("GET", path);
    return nlohmann::json::parse(a.body, nullptr, false);
  }

 private:
  bool plain_;
  fs::path certs_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace ow::synctest
