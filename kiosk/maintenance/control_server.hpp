#pragma once
// The kiosk's local control socket for kioskctl: a Unix stream socket (mode 0660, the kiosk's
// group) where each request is one JSON line and each answer one JSON line. One thread serves
// clients one at a time; a request must not take long (health checks have their own timeout).
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/result.hpp"

namespace ow::maintenance {

class ControlServer {
 public:
  using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;
  // Binds the socket (replacing a stale one left by a crash) and starts serving.
  static Result<std::unique_ptr<ControlServer>> start(const std::filesystem::path& path, const std::string& group, Handler handler);
  ~ControlServer();  // stops, removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

 private:
  ControlServer() = default;
  void run();
  void serve(int fd);
  std::filesystem::path path_;
  Handler handler_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

// The client side (kioskctl): one request, one answer; an error when no kiosk listens.
Result<nlohmann::json> control_request(const std::filesystem::path& path, const nlohmann::json& request, int timeout_ms = 15000);

}  // namespace ow::maintenance
