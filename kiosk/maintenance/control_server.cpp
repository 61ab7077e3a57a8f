#include "kiosk/maintenance/control_server.hpp"

#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <vector>

#include "kiosk/log.hpp"

namespace ow::maintenance {

namespace {
Result<sockaddr_un> address(const std::filesystem::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.string().size() >= sizeof addr.sun_path) return fail("control socket path too long: " + path.string());
  std::memcpy(addr.sun_path, path.c_str(), path.string().size() + 1);
  return addr;
}

// Reads one line (without the newline) before the deadline; false on EOF, error or timeout.
bool read_line(int fd, std::string& buffer, std::string& line, int timeout_ms) {
  for (;;) {
    if (const auto nl = buffer.find('\n'); nl != std::string::npos) {
      line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      return true;
    }
    if (buffer.size() > 1 << 20) return false;  // no request is this long
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    buffer.append(buf, static_cast<std::size_t>(n));
  }
}

bool write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Answers are written with invalid UTF-8 replaced (a log line may carry any bytes): dump() would
// throw on it.
std::string line_of(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }
}  // namespace

bool peer_allowed(const PeerCred& peer, const PeerPolicy& policy) {
  if (peer.uid == 0 || peer.uid == policy.own_uid) return true;
  if (!policy.group) return false;
  return peer.gid == *policy.group || (policy.member_of && policy.member_of(peer.uid, *policy.group));
}

bool user_in_group(uid_t uid, gid_t gid) {
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || !found) return false;
  if (pw.pw_gid == gid) return true;
  int n = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  if (::getgrouplist(pw.pw_name, pw.pw_gid, groups.data(), &n) < 0) {
    groups.resize(static_cast<std::size_t>(n));
    if (::getgrouplist(pw.pw_name, pw.pw_gid, groups.data(), &n) < 0) return false;
  }
  groups.resize(static_cast<std::size_t>(n));
  return std::find(groups.begin(), groups.end(), gid) != groups.end();
}

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::filesystem::path& path, const std::string& group_name,
                                                            Handler handler) {
  auto addr = address(path);
  if (!addr) return tl::unexpected(addr.error());
  std::unique_ptr<ControlServer> s(new ControlServer());
  s->path_ = path;
  s->handler_ = std::move(handler);
  s->policy_.own_uid = ::geteuid();
  s->policy_.member_of = user_in_group;
  if (!group_name.empty()) {
    const struct group* g = ::getgrnam(group_name.c_str());
    if (!g)
      return fail("control socket: socket_group \"" + group_name +
                  "\" does not exist; create it (systemd-sysusers) or set [technician] socket_group to an existing group");
    s->policy_.group = g->gr_gid;
  }
  // A socket file nobody answers on is left from a crash; one that answers is another kiosk.
  if (std::filesystem::exists(path)) {
    if (control_request(path, {{"cmd", "ping"}}, 500)) return fail("another kiosk serves " + path.string());
    std::filesystem::remove(path);
  }
  s->listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s->listen_fd_ < 0) return fail(std::string("socket: ") + std::strerror(errno));
  const mode_t old = ::umask(0117);  // the socket is created 0660
  const int rc = ::bind(s->listen_fd_, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
  ::umask(old);
  if (rc != 0 || ::listen(s->listen_fd_, 8) != 0) return fail("control socket " + path.string() + ": " + std::strerror(errno));
  ::chmod(path.c_str(), 0660);
  if (s->policy_.group && ::chown(path.c_str(), static_cast<uid_t>(-1), *s->policy_.group) != 0) {
    const std::string why = std::strerror(errno);
    std::filesystem::remove(path);
    return fail("control socket: cannot give " + path.string() + " to group " + group_name + ": " + why);
  }
  if (::pipe2(s->stop_pipe_, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
  s->thread_ = std::thread([raw = s.get()] { raw->run(); });
  return s;
}

ControlServer::~ControlServer() {
  if (stop_pipe_[1] >= 0) {
    const char c = 'x';
    (void)::write(stop_pipe_[1], &c, 1);
  }
  if (thread_.joinable()) thread_.join();
  for (int fd : {listen_fd_, stop_pipe_[0], stop_pipe_[1]})
    if (fd >= 0) ::close(fd);
  if (listen_fd_ >= 0) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
}

void ControlServer::run() {
  // The thread's top level: nothing a client sends or a handler throws may end it (an exception
  // leaving a std::thread ends the kiosk).
  for (;;) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      log::error("maintenance", std::string("control socket stops: poll: ") + std::strerror(errno));
      return;
    }
    if (p[1].revents) return;
    if (!(p[0].revents & POLLIN)) continue;
    try {
      accept_one();
    } catch (const std::exception& e) {
      log::error("maintenance", std::string("control socket: ") + e.what());
    } catch (...) {
      log::error("maintenance", "control socket: unknown exception");
    }
  }
}

void ControlServer::accept_one() {
  const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return;
  if (!peer_allowed(PeerCred{cred.pid, cred.uid, cred.gid}, policy_)) {
    log::warn("maintenance", "control socket: refused uid " + std::to_string(cred.uid) + " (pid " + std::to_string(cred.pid) + ")");
    // Its request is read (and not acted on) first: closing before the client has written would
    // break its write, and it would be told nothing.
    std::string buffer, line;
    (void)read_line(fd, buffer, line, 1000);
    (void)write_all(fd, line_of({{"ok", false}, {"error", "not allowed: only root, the kiosk's user and the socket's group"}}));
    return;
  }
  serve(fd);
}

nlohmann::json ControlServer::answer(const std::string& line) {
  auto request = control::parse_request_line(line);
  if (!request) return {{"ok", false}, {"error", request.error().message}};
  if (std::holds_alternative<control::Ping>(*request)) return {{"ok", true}};
  try {
    return handler_(*request);
  } catch (const std::exception& e) {
    log::error("maintenance", std::string("control request failed: ") + e.what());
    return {{"ok", false}, {"error", "the kiosk could not answer this request (see its log)"}};
  }
}

void ControlServer::serve(int fd) {
  std::string buffer, line;
  // A client that says nothing for 5 s is dropped so the next one is served.
  while (read_line(fd, buffer, line, 5000))
    if (!write_all(fd, line_of(answer(line)))) return;
}

Result<nlohmann::json> control_request(const std::filesystem::path& path, const nlohmann::json& request, int timeout_ms) {
  auto addr = address(path);
  if (!addr) return tl::unexpected(addr.error());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return fail("no kiosk at " + path.string() + ": " + why);
  }
  std::string buffer, line;
  const bool ok = write_all(fd, request.dump() + "\n") && read_line(fd, buffer, line, timeout_ms);
  ::close(fd);
  if (!ok) return fail("the kiosk did not answer on " + path.string());
  auto answer = nlohmann::json::parse(line, nullptr, false);
  if (!answer.is_object()) return fail("the kiosk's answer is not JSON");
  return answer;
}

}  // namespace ow::maintenance
