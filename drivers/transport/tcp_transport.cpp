#include "drivers/transport/tcp_transport.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace ow::drivers {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

std::string errno_text(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

// Non-blocking connect bounded by poll(), so an unplugged printer does not hang the worker for
// the kernel's ~2 minute SYN timeout.
int connect_with_timeout(const addrinfo& ai, Clock::time_point deadline, int& err) {
  const int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) {
    err = errno;
    return -1;
  }
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      err = errno;
      ::close(fd);
      return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    int r;
    do {
      r = ::poll(&p, 1, remaining_ms(deadline));
    } while (r < 0 && errno == EINTR);
    if (r <= 0) {
      err = r == 0 ? ETIMEDOUT : errno;
      ::close(fd);
      return -1;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) {
      err = so_error;
      ::close(fd);
      return -1;
    }
  }
  // Status queries are 3 bytes that must leave at once.
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

bool parse_host_port(const std::string& text, std::string& host, std::uint16_t& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    host = text;
    port = 9100;
    return !host.empty();
  }
  host = text.substr(0, colon);
  unsigned value = 0;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || value == 0 || value > 65535 || host.empty()) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

DeviceResult<void> TcpTransport::open() {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port_);
  const int rc = ::getaddrinfo(host_.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) return device_error(DeviceErrorCode::NoDevice, "resolve " + host_ + ": " + gai_strerror(rc));
  const auto deadline = Clock::now() + connect_timeout_;
  int err = ECONNREFUSED;
  for (addrinfo* ai = list; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
    fd_ = connect_with_timeout(*ai, deadline, err);
  }
  ::freeaddrinfo(list);
  if (fd_ < 0) return device_error(DeviceErrorCode::NoDevice, errno_text(("connect " + describe()).c_str(), err));
  return {};
}

void TcpTransport::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

DeviceResult<void> TcpTransport::write(std::span<const std::uint8_t> bytes, Millis timeout) {
  if (fd_ < 0) return device_error(DeviceErrorCode::Io, "connection is not open");
  const auto deadline = Clock::now() + timeout;
  std::size_t done = 0;
  while (done < bytes.size()) {
    // MSG_NOSIGNAL: a printer that closed the connection is an error value, not a SIGPIPE.
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return device_error(DeviceErrorCode::Io, errno_text("send", errno));
    // The printer's buffer is full (it is printing slowly, or stopped): wait for room.
    pollfd p{fd_, POLLOUT, 0};
    const int ms = remaining_ms(deadline);
    if (ms == 0) {
      return device_error(DeviceErrorCode::Timeout, "printer accepted " + std::to_string(done) + " of " +
                                                        std::to_string(bytes.size()) + " bytes in time");
    }
    const int r = ::poll(&p, 1, ms);
    if (r < 0 && errno != EINTR) return device_error(DeviceErrorCode::Io, errno_text("poll", errno));
    if (r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) return device_error(DeviceErrorCode::Io, "connection lost");
  }
  return {};
}

DeviceResult<std::size_t> TcpTransport::read(std::span<std::uint8_t> out, Millis timeout) {
  if (fd_ < 0) return device_error(DeviceErrorCode::Io, "connection is not open");
  if (out.empty()) return std::size_t{0};
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) return device_error(DeviceErrorCode::Io, "printer closed the connection");
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return device_error(DeviceErrorCode::Io, errno_text("recv", errno));
    const int ms = remaining_ms(deadline);
    if (ms == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, ms);
    if (r < 0 && errno != EINTR) return device_error(DeviceErrorCode::Io, errno_text("poll", errno));
    if (r == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
  }
}

void TcpTransport::discard_input() {
  if (fd_ < 0) return;
  std::uint8_t buf[512];
  while (::recv(fd_, buf, sizeof buf, MSG_DONTWAIT) > 0) {
  }
}

}  // namespace ow::drivers
