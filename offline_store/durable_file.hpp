#pragma once
// Files that are on disk when the call returns: written, fsynced, and their directory entry synced.
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "offline_store/store_error.hpp"

namespace ow::store {

// A file written durably in two steps: start() creates `path` (which must not exist) with `mode`,
// writes `bytes` and starts the device's writeback; finish() waits for it (fsync). Work done in
// between overlaps the device's write. A write not finished is removed when it is destroyed, and
// a failed one at once. ENOSPC/EDQUOT become DiskFull, other errors Io.
class DurableWrite {
 public:
  static StoreResult<DurableWrite> start(const std::filesystem::path& path, std::string_view bytes, mode_t mode);
  StoreResult<void> finish();
  const std::filesystem::path& path() const { return path_; }

  DurableWrite(DurableWrite&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }
  DurableWrite(const DurableWrite&) = delete;
  DurableWrite& operator=(const DurableWrite&) = delete;
  DurableWrite& operator=(DurableWrite&&) = delete;
  ~DurableWrite();

 private:
  DurableWrite(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_;  // -1 once finished or given up
};

// start() and finish() at once.
StoreResult<void> write_file_durably(const std::filesystem::path& path, std::string_view bytes, mode_t mode);
// fsync of a directory, so a rename or link inside it survives power loss.
StoreResult<void> sync_directory(const std::filesystem::path& dir);

StoreResult<std::string> read_whole_file(const std::filesystem::path& path);

StoreError errno_error(int err, const std::string& what);

}  // namespace ow::store
