#include "tools/devsim/pty_port.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ow::devsim {

namespace {
void make_raw(int fd) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) return;
  cfmakeraw(&tio);
  tcsetattr(fd, TCSANOW, &tio);
}
}  // namespace

bool PtyPort::open(std::string* error) {
  close();
  master_ = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) {
    if (error) *error = std::string("posix_openpt: ") + std::strerror(errno);
    close();
    return false;
  }
  char name[128];
  if (ptsname_r(master_, name, sizeof name) != 0) {
    if (error) *error = std::string("ptsname: ") + std::strerror(errno);
    close();
    return false;
  }
  slave_path_ = name;
  slave_ = ::open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (slave_ < 0) {
    if (error) *error = std::string("open ") + name + ": " + std::strerror(errno);
    close();
    return false;
  }
  // Raw at once: no echo or line editing before the driver sets its own modes.
  make_raw(slave_);
  make_raw(master_);
  return true;
}

void PtyPort::close() {
  if (slave_ >= 0) ::close(slave_);
  if (master_ >= 0) ::close(master_);
  slave_ = master_ = -1;
}

bool PtyPort::update_link(const std::filesystem::path& link, std::string* error) const {
  const std::filesystem::path tmp = link.string() + ".new";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  std::filesystem::create_symlink(slave_path_, tmp, ec);
  if (!ec) std::filesystem::rename(tmp, link, ec);
  if (ec && error) *error = "link " + link.string() + ": " + ec.message();
  return !ec;
}

Clock::duration PacedWriter::wire_time(std::size_t bytes) const {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(10.0 * static_cast<double>(bytes) / baud_));
}

void PacedWriter::schedule(const std::vector<std::uint8_t>& bytes, Clock::time_point start, std::size_t chunk,
                           Clock::duration gap) {
  Clock::time_point t = std::max(start, line_free_);
  chunk = std::max<std::size_t>(chunk, 1);
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const std::size_t n = std::min(chunk, bytes.size() - at);
    t += wire_time(n) + gap;
    chunks_.push_back(Chunk{t, std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                                         bytes.begin() + static_cast<std::ptrdiff_t>(at + n))});
  }
  line_free_ = t;
}

bool PacedWriter::flush_due(int fd) {
  const auto now = Clock::now();
  while (!chunks_.empty() && chunks_.front().due <= now) {
    auto& c = chunks_.front();
    const ssize_t n = ::write(fd, c.bytes.data(), c.bytes.size());
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    c.bytes.erase(c.bytes.begin(), c.bytes.begin() + n);
    if (!c.bytes.empty()) return true;  // the pty buffer is full; try again shortly
    chunks_.pop_front();
  }
  return true;
}

void PacedWriter::clear() {
  chunks_.clear();
  line_free_ = {};
}

}  // namespace ow::devsim
