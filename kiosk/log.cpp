#include "kiosk/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace ow::log {

namespace {
std::atomic<Level> g_level{Level::Info};
std::mutex g_mutex;

// Token bucket per component; guarded by g_mutex.
struct Bucket {
  double tokens = 0;
  std::chrono::steady_clock::time_point refilled;
  unsigned long long dropped = 0;
};
unsigned g_burst = 200, g_per_minute = 600;
std::map<std::string, Bucket, std::less<>> g_buckets;
std::deque<Line> g_ring;  // guarded by g_mutex
std::size_t g_ring_capacity = 500;
std::uint64_t g_ring_seq = 0;

// Takes a token for `component`; false: drop the line. `dropped` returns lines dropped before it.
bool take_token(std::string_view component, unsigned long long& dropped) {
  if (g_burst == 0 || g_per_minute == 0) return true;
  const auto now = std::chrono::steady_clock::now();
  auto it = g_buckets.find(component);
  if (it == g_buckets.end()) it = g_buckets.emplace(std::string(component), Bucket{double(g_burst), now, 0}).first;
  Bucket& b = it->second;
  const double elapsed_min = std::chrono::duration<double>(now - b.refilled).count() / 60.0;
  b.tokens = std::min(double(g_burst), b.tokens + elapsed_min * g_per_minute);
  b.refilled = now;
  if (b.tokens < 1.0) {
    ++b.dropped;
    return false;
  }
  b.tokens -= 1.0;
  dropped = b.dropped;
  b.dropped = 0;
  return true;
}

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

void set_rate_limit(unsigned burst, unsigned per_minute) {
  std::lock_guard lock(g_mutex);
  g_burst = burst;
  g_per_minute = per_minute;
  g_buckets.clear();
}

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
  unsigned long long dropped = 0;
  if (!take_token(component, dropped)) return;
  if (dropped > 0) {
    const std::string note = std::to_string(dropped) + " lines suppressed by the log rate limit";
    if (under_journald()) std::fprintf(stderr, "<4>%.*s: %s\n", static_cast<int>(component.size()), component.data(), note.c_str());
    else std::fprintf(stderr, "warn  %.*s: %s\n", static_cast<int>(component.size()), component.data(), note.c_str());
  }
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  if (g_ring_capacity > 0) {
    g_ring.push_back(Line{++g_ring_seq, stamp, level, std::string(component), std::string(message)});
    while (g_ring.size() > g_ring_capacity) g_ring.pop_front();
  }
  if (under_journald()) {
    std::fprintf(stderr, "<%d>%.*s: %.*s\n", syslog_priority(level), static_cast<int>(component.size()), component.data(),
                 static_cast<int>(message.size()), message.data());
    return;
  }
  std::fprintf(stderr, "%s %-5s %.*s: %.*s\n", stamp, name(level), static_cast<int>(component.size()), component.data(),
               static_cast<int>(message.size()), message.data());
}

void set_ring_capacity(std::size_t capacity) {
  std::lock_guard lock(g_mutex);
  g_ring_capacity = capacity;
  while (g_ring.size() > g_ring_capacity) g_ring.pop_front();
}

std::vector<Line> recent(Level min_level, std::size_t max_lines, std::uint64_t after_seq) {
  std::lock_guard lock(g_mutex);
  std::vector<Line> out;
  for (auto it = g_ring.rbegin(); it != g_ring.rend() && out.size() < max_lines && it->seq > after_seq; ++it)
    if (it->level >= min_level) out.push_back(*it);
  return {out.rbegin(), out.rend()};
}

const char* level_name(Level level) { return name(level); }

}  // namespace ow::log
