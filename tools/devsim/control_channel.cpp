#include "tools/devsim/control_channel.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace ow::devsim {

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }
}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() { return g_stop != 0; }

bool ControlChannel::listen(const std::string& path, std::string* error) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    *error = "control socket path too long";
    return false;
  }
  std::strcpy(addr.sun_path, path.c_str());
  unlink(path.c_str());
  path_ = path;
  listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 4) != 0) {
    *error = "control socket " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void ControlChannel::close() {
  for (auto& c : clients_) ::close(c.fd);
  clients_.clear();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    unlink(path_.c_str());
    listen_fd_ = -1;
  }
}

void ControlChannel::add_poll_fds(std::vector<pollfd>& fds) {
  first_ = fds.size();
  if (stdin_open_) fds.push_back({0, POLLIN, 0});
  if (listen_fd_ >= 0) fds.push_back({listen_fd_, POLLIN, 0});
  for (const auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
}

void ControlChannel::handle(const std::vector<pollfd>& fds, const Handler& on_line) {
  std::size_t i = first_;
  if (stdin_open_) {
    if (i < fds.size() && (fds[i].revents & (POLLIN | POLLHUP))) {
      char buf[256];
      const ssize_t n = ::read(0, buf, sizeof buf);
      if (n <= 0) stdin_open_ = false;  // e.g. </dev/null: only the socket and signals remain
      else take(stdin_buffer_, std::string_view(buf, static_cast<std::size_t>(n)), stdin_answer_fd_, on_line);
    }
    ++i;
  }
  if (listen_fd_ >= 0) {
    if (i < fds.size() && (fds[i].revents & POLLIN)) {
      const int c = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) clients_.push_back(Client{c, {}});
    }
    ++i;
  }
  for (std::size_t k = 0; k < clients_.size() && i + k < fds.size(); ++k) {
    if (!(fds[i + k].revents & (POLLIN | POLLHUP))) continue;
    char buf[1024];
    const ssize_t n = ::read(clients_[k].fd, buf, sizeof buf);
    if (n <= 0) {
      ::close(clients_[k].fd);
      clients_[k].fd = -1;
    } else {
      take(clients_[k].buffer, std::string_view(buf, static_cast<std::size_t>(n)), clients_[k].fd, on_line);
    }
  }
  std::erase_if(clients_, [](const Client& c) { return c.fd < 0; });
}

void ControlChannel::take(std::string& buffer, std::string_view more, int reply_fd, const Handler& on_line) {
  buffer += more;
  for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
    const std::string line = buffer.substr(0, nl);
    buffer.erase(0, nl + 1);
    const auto answer = on_line(line);
    if (!answer) continue;
    const std::string out = *answer + "\n";
    // A client that hung up gets no answer; its hang-up is seen on the next poll.
    if (::write(reply_fd, out.data(), out.size()) < 0) continue;
  }
}

}  // namespace ow::devsim
