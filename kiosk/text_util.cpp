#include "kiosk/text_util.hpp"

#include <sodium.h>

#include <cstdio>
#include <ctime>

#include "kiosk/strings.hpp"

namespace ow {

std::string mask_id_number(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  std::string masked(id);
  for (std::size_t i = 6; i + 4 < masked.size(); ++i) masked[i] = '*';
  return masked;
}

std::string spoken_digits(std::string_view grouped) {
  std::string out;
  for (const char c : grouped) {
    if (c == ' ') {
      out += ',';
      continue;
    }
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string new_uuid() {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

namespace {
std::tm local_tm(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return tm;
}
}  // namespace

std::string rfc3339_local(std::chrono::system_clock::time_point t) {
  const std::tm tm = local_tm(t);
  char base[32];
  std::strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
  const long offset_min = tm.tm_gmtoff / 60;
  char zone[24];
  std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset_min < 0 ? '-' : '+', std::labs(offset_min) / 60,
                std::labs(offset_min) % 60);
  return std::string(base) + zone;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string clock_hhmm(std::chrono::system_clock::time_point t) {
  const std::tm tm = local_tm(t);
  char buf[8];
  std::strftime(buf, sizeof buf, "%H:%M", &tm);
  return buf;
}

std::string local_minutes(std::chrono::system_clock::time_point t) {
  const std::tm tm = local_tm(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string date_text(std::chrono::system_clock::time_point t) {
  const std::tm tm = local_tm(t);
  const Str weekday = static_cast<Str>(static_cast<int>(Str::Weekday0) + tm.tm_wday);
  char buf[96];
  std::snprintf(buf, sizeof buf, tr(Str::DateLine), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tr(weekday));
  return buf;
}

}  // namespace ow
