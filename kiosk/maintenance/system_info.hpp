#pragma once
// Facts about the machine for the technician: uptime, CPU temperature (sysfs thermal zones),
// memory, disk, clock synchronisation, and the expiry dates of the TLS certificates.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ow::maintenance {

struct SystemInfo {
  std::int64_t uptime_s = 0;           // since boot
  std::int64_t kiosk_uptime_s = 0;     // since the kiosk started
  std::optional<double> cpu_temp_c;    // the hottest thermal zone
  std::int64_t mem_total_mb = 0, mem_available_mb = 0;
  std::int64_t disk_total_mb = 0, disk_free_mb = 0;  // the data dir's file system
  std::optional<bool> time_synced;     // the kernel's NTP status; nullopt when unknown
};

// `sysfs_root` / `proc_root` let tests point at fake trees.
SystemInfo read_system_info(const std::filesystem::path& data_dir, std::int64_t kiosk_uptime_s,
                            const std::filesystem::path& sysfs_root = "/sys", const std::filesystem::path& proc_root = "/proc");

struct CertificateInfo {
  std::string role;  // ca | client
  std::filesystem::path file;
  std::string subject;
  std::string not_after;  // RFC 3339 UTC; empty when the file cannot be read
  std::optional<std::int64_t> days_left;
  std::string error;
};

CertificateInfo read_certificate(const std::string& role, const std::filesystem::path& file, std::int64_t now_unix);

}  // namespace ow::maintenance
