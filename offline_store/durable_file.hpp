#pragma once
// Files that are on disk when the call returns: written, fsynced, and their directory entry synced.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "offline_store/store_error.hpp"

namespace ow::store {

// Creates `path` (which must not exist) with `mode`, writes `bytes` and fsyncs it. On failure
// the partial file is removed. ENOSPC/EDQUOT become DiskFull, other errors Io.
// `meanwhile` runs after the writeback has been started and before the fsync waits for it: CPU work
// there overlaps the device's write instead of adding to it.
StoreResult<void> write_file_durably(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                                     const std::function<void()>& meanwhile = {});

// fsync of a directory, so a rename or link inside it survives power loss.
StoreResult<void> sync_directory(const std::filesystem::path& dir);

StoreResult<std::string> read_whole_file(const std::filesystem::path& path);

StoreError errno_error(int err, const std::string& what);

}  // namespace ow::store
