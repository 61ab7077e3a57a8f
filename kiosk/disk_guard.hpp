#pragma once
// Stops new submissions before the data folder's disk fills up: a submission that cannot be made
// durable must never get a printed receipt. The citizen is sent to the counter (strings.def
// DiskFull*), the technician sees the figures in the log and in `kioskctl config check`.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "kiosk/result.hpp"

namespace ow {

struct DiskSpace {
  std::uint64_t free_bytes = 0;   // available to an unprivileged user (statvfs f_bavail)
  std::uint64_t total_bytes = 0;
};

Result<DiskSpace> disk_space(const std::filesystem::path& dir);

class DiskGuard {
 public:
  using Probe = std::function<Result<DiskSpace>()>;
  // Checks `dir`; `probe` replaces statvfs in tests.
  DiskGuard(std::filesystem::path dir, std::uint64_t min_free_bytes, Probe probe = {});

  // Whether new submissions may be accepted. Re-checks the disk at most every few seconds; logs
  // when the state changes. A disk that cannot be checked counts as low (fail safe).
  bool accepting(std::chrono::steady_clock::time_point now);
  std::optional<DiskSpace> last() const { return last_; }
  std::uint64_t min_free_bytes() const { return min_free_; }

 private:
  std::filesystem::path dir_;
  std::uint64_t min_free_;
  Probe probe_;
  std::optional<std::chrono::steady_clock::time_point> checked_at_;
  std::optional<DiskSpace> last_;
  bool accepting_ = true;
};

}  // namespace ow
