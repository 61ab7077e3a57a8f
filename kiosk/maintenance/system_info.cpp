#include "kiosk/maintenance/system_info.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/timex.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace ow::maintenance {

namespace {
std::optional<double> hottest_zone(const std::filesystem::path& sysfs_root) {
  std::optional<double> hottest;
  std::error_code ec;
  for (const auto& z : std::filesystem::directory_iterator(sysfs_root / "class/thermal", ec)) {
    if (z.path().filename().string().rfind("thermal_zone", 0) != 0) continue;
    std::ifstream in(z.path() / "temp");
    long long milli = 0;
    if (!(in >> milli)) continue;
    const double c = static_cast<double>(milli) / 1000.0;
    if (c > -50 && c < 200 && (!hottest || c > *hottest)) hottest = c;
  }
  return hottest;
}
}  // namespace

SystemInfo read_system_info(const std::filesystem::path& data_dir, std::int64_t kiosk_uptime_s,
                            const std::filesystem::path& sysfs_root, const std::filesystem::path& proc_root) {
  SystemInfo s;
  s.kiosk_uptime_s = kiosk_uptime_s;
  {
    std::ifstream in(proc_root / "uptime");
    double up = 0;
    if (in >> up) s.uptime_s = static_cast<std::int64_t>(up);
  }
  s.cpu_temp_c = hottest_zone(sysfs_root);
  {
    std::ifstream in(proc_root / "meminfo");
    std::string key;
    long long kb = 0;
    std::string unit;
    while (in >> key >> kb) {
      std::getline(in, unit);
      if (key == "MemTotal:") s.mem_total_mb = kb / 1024;
      if (key == "MemAvailable:") s.mem_available_mb = kb / 1024;
    }
  }
  struct statvfs vfs{};
  if (statvfs(data_dir.c_str(), &vfs) == 0) {
    s.disk_total_mb = static_cast<std::int64_t>(vfs.f_blocks * vfs.f_frsize / (1024 * 1024));
    s.disk_free_mb = static_cast<std::int64_t>(vfs.f_bavail * vfs.f_frsize / (1024 * 1024));
  }
  timex tx{};
  const int state = ntp_adjtime(&tx);  // modes 0: only reads
  if (state >= 0) s.time_synced = state != TIME_ERROR && !(tx.status & STA_UNSYNC);
  return s;
}

CertificateInfo read_certificate(const std::string& role, const std::filesystem::path& file, std::int64_t now_unix) {
  CertificateInfo info;
  info.role = role;
  info.file = file;
  FILE* f = std::fopen(file.c_str(), "r");
  if (!f) {
    info.error = "cannot read " + file.string();
    return info;
  }
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!cert) {
    info.error = "not a PEM certificate";
    return info;
  }
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    info.not_after = buf;
    const std::int64_t t = static_cast<std::int64_t>(timegm(&tm));
    info.days_left = (t - now_unix) / 86400;
  }
  if (char* name = X509_NAME_oneline(X509_get_subject_name(cert), nullptr, 0)) {
    info.subject = name;
    OPENSSL_free(name);
  }
  X509_free(cert);
  return info;
}

}  // namespace ow::maintenance
