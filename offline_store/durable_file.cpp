#include "offline_store/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ow::store {

StoreError errno_error(int err, const std::string& what) {
  const StoreErrorCode code = (err == ENOSPC || err == EDQUOT) ? StoreErrorCode::DiskFull : StoreErrorCode::Io;
  return StoreError{code, what + ": " + std::strerror(err)};
}

StoreResult<DurableWrite> DurableWrite::start(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return tl::unexpected(errno_error(errno, "create " + path.filename().string()));
  DurableWrite file(path, fd);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(errno_error(errno, "write " + path.filename().string()));  // removed by ~DurableWrite
    }
    done += static_cast<std::size_t>(n);
  }
  // Only a hint (its errors surface in finish()'s fsync), so its result is not checked.
  (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  return file;
}

StoreResult<void> DurableWrite::finish() {
  int err = ::fsync(fd_) != 0 ? errno : 0;
  if (::close(fd_) != 0 && err == 0) err = errno;
  fd_ = -1;
  if (err != 0) {
    ::unlink(path_.c_str());
    return tl::unexpected(errno_error(err, "write " + path_.filename().string()));
  }
  return {};
}

DurableWrite::~DurableWrite() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(path_.c_str());
}

StoreResult<void> write_file_durably(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  auto file = DurableWrite::start(path, bytes, mode);
  if (!file) return tl::unexpected(file.error());
  return file->finish();
}

StoreResult<void> sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(errno_error(errno, "open dir " + dir.string()));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return tl::unexpected(errno_error(err, "fsync dir " + dir.string()));
  return {};
}

StoreResult<std::string> read_whole_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    StoreError e = errno_error(err, "read " + path.filename().string());
    if (err == ENOENT) e.code = StoreErrorCode::NotFound;
    return tl::unexpected(e);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return tl::unexpected(errno_error(err, "read " + path.filename().string()));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace ow::store
