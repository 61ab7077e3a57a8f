#include "kiosk/maintenance/control_server.hpp"

#include <grp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstring>

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
}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::filesystem::path& path, const std::string& group_name,
                                                            Handler handler) {
  auto addr = address(path);
  if (!addr) return tl::unexpected(addr.error());
  std::unique_ptr<ControlServer> s(new ControlServer());
  s->path_ = path;
  s->handler_ = std::move(handler);
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
  if (const struct group* g = ::getgrnam(group_name.c_str())) (void)::chown(path.c_str(), static_cast<uid_t>(-1), g->gr_gid);
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
  for (;;) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[1].revents) return;
    if (!(p[0].revents & POLLIN)) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    serve(fd);
    ::close(fd);
  }
}

void ControlServer::serve(int fd) {
  std::string buffer, line;
  // A client that says nothing for 5 s is dropped so the next one is served.
  while (read_line(fd, buffer, line, 5000)) {
    nlohmann::json answer;
    const auto request = nlohmann::json::parse(line, nullptr, false);
    if (!request.is_object() || !request.contains("cmd") || !request["cmd"].is_string()) {
      answer = {{"ok", false}, {"error", "a request is one JSON object with \"cmd\""}};
    } else if (request["cmd"] == "ping") {
      answer = {{"ok", true}};
    } else {
      answer = handler_(request);
    }
    if (!write_all(fd, answer.dump() + "\n")) return;
  }
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
