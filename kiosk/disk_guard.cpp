#include "kiosk/disk_guard.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "kiosk/log.hpp"

namespace ow {

namespace {
constexpr auto kRecheck = std::chrono::seconds(10);

std::string mb(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }
}  // namespace

Result<DiskSpace> disk_space(const std::filesystem::path& dir) {
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) return fail("statvfs " + dir.string() + ": " + std::strerror(errno));
  DiskSpace d;
  d.free_bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  d.total_bytes = static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize;
  return d;
}

DiskGuard::DiskGuard(std::filesystem::path dir, std::uint64_t min_free_bytes, Probe probe)
    : dir_(std::move(dir)), min_free_(min_free_bytes), probe_(std::move(probe)) {
  if (!probe_) probe_ = [d = dir_] { return disk_space(d); };
}

bool DiskGuard::accepting(std::chrono::steady_clock::time_point now) {
  if (checked_at_ && now - *checked_at_ < kRecheck) return accepting_;
  checked_at_ = now;
  auto space = probe_();
  bool ok = false;
  std::string why;
  if (!space) {
    why = space.error().message;
    last_.reset();
  } else {
    last_ = *space;
    ok = space->free_bytes >= min_free_;
    why = mb(space->free_bytes) + " free in " + dir_.string() + ", minimum " + mb(min_free_);
  }
  if (ok != accepting_) {
    if (ok) log::info("disk", "submissions accepted again: " + why);
    else log::error("disk", "submissions stopped, the disk is too full: " + why);
  }
  accepting_ = ok;
  return accepting_;
}

}  // namespace ow
