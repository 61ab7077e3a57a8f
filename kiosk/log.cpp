#include "kiosk/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace ow::log {

namespace {
std::atomic<Level> g_level{Level::Info};
std::mutex g_mutex;

const char* name(Level level) {
  switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
  }
  return "?";
}

// sd-daemon(3) priorities: journald reads "<N>" at the start of a line.
int syslog_priority(Level level) {
  switch (level) {
    case Level::Debug: return 7;
    case Level::Info: return 6;
    case Level::Warn: return 4;
    case Level::Error: return 3;
  }
  return 6;
}

bool under_journald() {
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  return journal;
}
}  // namespace

void set_level(Level level) { g_level = level; }

bool parse_level(std::string_view text, Level& out) {
  for (Level l : {Level::Debug, Level::Info, Level::Warn, Level::Error}) {
    if (text == name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void write(Level level, std::string_view component, std::string_view message) {
  if (level < g_level.load()) return;
  std::lock_guard lock(g_mutex);
  if (under_journald()) {
    std::fprintf(stderr, "<%d>%.*s: %.*s\n", syslog_priority(level), static_cast<int>(component.size()), component.data(),
                 static_cast<int>(message.size()), message.data());
    return;
  }
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  std::fprintf(stderr, "%s %-5s %.*s: %.*s\n", stamp, name(level), static_cast<int>(component.size()), component.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace ow::log
