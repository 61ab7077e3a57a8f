#include "drivers/transport/serial_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ow::drivers {

namespace {

using Clock = std::chrono::steady_clock;

speed_t speed_for(unsigned baud) {
  switch (baud) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return B0;
  }
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

bool serial_baud_supported(unsigned baud) { return speed_for(baud) != B0; }

std::string SerialTransport::describe() const { return "serial " + path_ + " @" + std::to_string(baud_); }

DeviceResult<void> SerialTransport::open() {
  close();
  const speed_t speed = speed_for(baud_);
  if (speed == B0) return device_error(DeviceErrorCode::Unsupported, "unsupported baud rate " + std::to_string(baud_));
  fd_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    const auto code = (errno == ENOENT || errno == ENXIO || errno == ENODEV) ? DeviceErrorCode::NoDevice
                                                                           : DeviceErrorCode::Io;
    return device_error(code, errno_text(("open " + path_).c_str()));
  }
  termios tio{};
  if (tcgetattr(fd_, &tio) != 0) {
    auto err = device_error(DeviceErrorCode::Io, errno_text("tcgetattr (not a serial port?)"));
    close();
    return err;
  }
  cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
  // Non-blocking reads paced by poll(): VMIN/VTIME would hide partial frames from the timeouts.
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed(&tio, speed);
  cfsetospeed(&tio, speed);
  if (tcsetattr(fd_, TCSANOW, &tio) != 0) {
    auto err = device_error(DeviceErrorCode::Io, errno_text("tcsetattr"));
    close();
    return err;
  }
  tcflush(fd_, TCIOFLUSH);
  return {};
}

void SerialTransport::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

DeviceResult<void> SerialTransport::write(std::span<const std::uint8_t> bytes, Millis timeout) {
  if (fd_ < 0) return device_error(DeviceErrorCode::Io, "port is not open");
  const auto deadline = Clock::now() + timeout;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return device_error(DeviceErrorCode::Io, errno_text("write"));
    pollfd p{fd_, POLLOUT, 0};
    const int ms = remaining_ms(deadline);
    if (ms == 0) return device_error(DeviceErrorCode::Timeout, "write timed out");
    const int r = ::poll(&p, 1, ms);
    if (r < 0 && errno != EINTR) return device_error(DeviceErrorCode::Io, errno_text("poll"));
    if (r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
      return device_error(DeviceErrorCode::Io, "port hung up");
  }
  return {};
}

DeviceResult<std::size_t> SerialTransport::read(std::span<std::uint8_t> out, Millis timeout) {
  if (fd_ < 0) return device_error(DeviceErrorCode::Io, "port is not open");
  if (out.empty()) return std::size_t{0};
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, remaining_ms(deadline));
    if (r < 0) {
      if (errno == EINTR) continue;
      return device_error(DeviceErrorCode::Io, errno_text("poll"));
    }
    if (r == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
    if (p.revents & POLLNVAL) return device_error(DeviceErrorCode::Io, "port closed");
    const ssize_t n = ::read(fd_, out.data(), out.size());
    if (n > 0) return static_cast<std::size_t>(n);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (remaining_ms(deadline) == 0) return device_error(DeviceErrorCode::Timeout, "no reply");
      continue;
    }
    // Readable but nothing to read is end-of-file: the device (or the pty's other end) went away.
    if (n == 0 || errno == EIO) return device_error(DeviceErrorCode::Io, "port hung up");
    return device_error(DeviceErrorCode::Io, errno_text("read"));
  }
}

void SerialTransport::discard_input() {
  if (fd_ < 0) return;
  tcflush(fd_, TCIFLUSH);
  std::uint8_t sink[256];
  while (::read(fd_, sink, sizeof sink) > 0) {
  }
}

}  // namespace ow::drivers
