#include "kiosk/safe_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ow::safe {

namespace {
std::string why(int err) {
  if (err == ELOOP || err == ENOTDIR) return "it is a symbolic link or not a folder; refusing to follow it";
  return std::strerror(err);
}

// Closes on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

Result<Dir> Dir::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail("cannot open " + path.string() + ": " + std::strerror(errno));
  return Dir(fd, path);
}

Dir::~Dir() {
  if (fd_ >= 0) ::close(fd_);
}

Result<Dir> Dir::subdir(const std::string& name, mode_t mode) const {
  if (::mkdirat(fd_, name.c_str(), mode) != 0 && errno != EEXIST)
    return fail("cannot create " + path(name).string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstatat(fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
    return fail(path(name).string() + " is a symbolic link; refusing to follow it (remove it and run again)");
  const int fd = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return fail("cannot open " + path(name).string() + ": " + why(errno));
  return Dir(fd, path(name));
}

Result<void> Dir::set_mode(mode_t mode) const {
  if (::fchmod(fd_, mode) != 0) return fail("cannot chmod " + path_.string() + ": " + std::strerror(errno));
  return {};
}

Result<void> Dir::set_owner(Owner owner) const {
  if (::fchown(fd_, owner.uid, owner.gid) != 0) return fail("cannot chown " + path_.string() + ": " + std::strerror(errno));
  return {};
}

Owner Dir::owner() const {
  struct stat st {};
  ::fstat(fd_, &st);
  return Owner{st.st_uid, st.st_gid};
}

bool Dir::exists(const std::string& name) const {
  struct stat st {};
  return ::fstatat(fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

Result<std::string> Dir::read(const std::string& name, std::size_t max) const {
  Fd f{::openat(fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  if (f.fd < 0) return fail("cannot read " + path(name).string() + ": " + why(errno));
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot read " + path(name).string() + ": " + std::strerror(errno));
    if (n == 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max) return fail(path(name).string() + " is too large");
  }
}

Result<void> Dir::write_temp(const std::string& name, std::string_view bytes, mode_t mode, std::optional<Owner> owner) const {
  const std::string tmp = temp_name(name);
  struct stat st {};
  if (::fstatat(fd_, tmp.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    // A leftover of an interrupted run is replaced; anything else there was put there on purpose.
    if (!S_ISREG(st.st_mode))
      return fail(path(tmp).string() + (S_ISLNK(st.st_mode) ? " is a symbolic link" : " is not a regular file") +
                  "; refusing to write through it (remove it and run again)");
    if (::unlinkat(fd_, tmp.c_str(), 0) != 0) return fail("cannot remove " + path(tmp).string() + ": " + std::strerror(errno));
  }
  // O_EXCL: if anything appeared there since, the open fails instead of following it.
  Fd f{::openat(fd_, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0600)};
  if (f.fd < 0)
    return fail("cannot create " + path(tmp).string() + ": " +
                (errno == EEXIST ? std::string("something was put there meanwhile; refusing to write through it") : why(errno)));
  bool ok = true;
  if (owner && ::fchown(f.fd, owner->uid, owner->gid) != 0) ok = false;
  ok = ok && ::fchmod(f.fd, mode) == 0;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(f.fd) == 0;
  if (!ok) {
    const int err = errno;
    ::unlinkat(fd_, tmp.c_str(), 0);
    return fail("cannot write " + path(tmp).string() + ": " + std::strerror(err));
  }
  return {};
}

Result<void> Dir::install(const std::string& name) const {
  if (::renameat(fd_, temp_name(name).c_str(), fd_, name.c_str()) != 0)
    return fail("cannot install " + path(name).string() + ": " + std::strerror(errno));
  if (::fsync(fd_) != 0) return fail("cannot sync " + path_.string() + ": " + std::strerror(errno));
  return {};
}

Result<void> Dir::write(const std::string& name, std::string_view bytes, mode_t mode, std::optional<Owner> owner) const {
  if (auto w = write_temp(name, bytes, mode, owner); !w) return w;
  if (auto i = install(name); !i) {
    remove_temp(name);
    return i;
  }
  return {};
}

void Dir::remove_temp(const std::string& name) const { ::unlinkat(fd_, temp_name(name).c_str(), 0); }

}  // namespace ow::safe
