#pragma once
// Levelled logging to stderr; under systemd the lines carry syslog priority prefixes for journald.
// Never pass personal data (names, ID numbers, addresses, faces) to these functions.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ow::log {

enum class Level { Debug, Info, Warn, Error };

void set_level(Level level);
// At most `burst` lines at once and `per_minute` on average per component; the rest are counted
// and reported in one line when the component may write again (a flapping device cannot flood
// the journal or wear out the disk). 0: no limit.
void set_rate_limit(unsigned burst, unsigned per_minute);
bool parse_level(std::string_view text, Level& out);

void write(Level level, std::string_view component, std::string_view message);
// The last lines written (after level and rate limit), kept in memory for the technician screen
// and `kioskctl logs`; at most `capacity` are kept (default 500).
struct Line {
  std::uint64_t seq = 0;  // increases by one per line kept, for "follow"
  std::string time;       // local "YYYY-MM-DD HH:MM:SS"
  Level level = Level::Info;
  std::string component, message;
};
void set_ring_capacity(std::size_t capacity);
std::vector<Line> recent(Level min_level, std::size_t max_lines, std::uint64_t after_seq = 0);
const char* level_name(Level level);

inline void debug(std::string_view c, std::string_view m) { write(Level::Debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Level::Info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(Level::Warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::Error, c, m); }

}  // namespace ow::log
