#pragma once
// The kiosk's local control socket for kioskctl: a Unix stream socket (mode 0660, group
// [technician] socket_group) where each request is one JSON line and each answer one JSON line.
// One thread serves clients one at a time; a request must not take long (health checks have their
// own timeout). Who may talk is checked on every connection with SO_PEERCRED (see PeerPolicy);
// requests are validated by control_request.hpp, and nothing a client sends or a handler throws
// ends the thread.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/maintenance/control_request.hpp"
#include "kiosk/result.hpp"

namespace ow::maintenance {

// Who may use the socket: root (sudo kioskctl), the kiosk's own user (kioskctl run as the kiosk
// user, and the kiosk itself checking for a stale socket), and members of the socket's group —
// the technicians the socket's 0660 mode is meant for. The file mode already keeps others out;
// the check holds even if the mode or group of the file is changed, or the kiosk runs with a
// umask or a data dir that lets others reach it.
struct PeerPolicy {
  uid_t own_uid = 0;
  std::optional<gid_t> group;  // none: root and the kiosk's user only
  // Whether user `uid` is a member of group `gid` (its primary group or a supplementary one, as
  // the system's user database says); tests stand in for it.
  std::function<bool(uid_t uid, gid_t gid)> member_of;
};
struct PeerCred {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};
bool peer_allowed(const PeerCred& peer, const PeerPolicy& policy);
// The system's answer for PeerPolicy::member_of (getpwuid_r, getgrouplist).
bool user_in_group(uid_t uid, gid_t gid);

class ControlServer {
 public:
  using Handler = std::function<nlohmann::json(const control::Request& request)>;
  // Binds the socket (replacing a stale one left by a crash) and starts serving. `group`: the
  // socket's group (empty: the kiosk's own); a group that does not exist is an error.
  static Result<std::unique_ptr<ControlServer>> start(const std::filesystem::path& path, const std::string& group, Handler handler);
  ~ControlServer();  // stops, removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

 private:
  ControlServer() = default;
  void run();
  void accept_one();
  void serve(int fd);
  nlohmann::json answer(const std::string& line);
  std::filesystem::path path_;
  Handler handler_;
  PeerPolicy policy_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

// The client side (kioskctl): one request, one answer; an error when no kiosk listens.
Result<nlohmann::json> control_request(const std::filesystem::path& path, const nlohmann::json& request, int timeout_ms = 15000);

}  // namespace ow::maintenance
