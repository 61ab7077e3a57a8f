#include "kiosk/catalog/rollout.hpp"

#include <set>

namespace ow::catalog {

namespace {
constexpr std::size_t kMaxRings = 16;

// A time that names its zone: a plain date or a local time without offset would mean a different
// moment on every kiosk.
bool has_zone(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't')) return false;
  const char last = s.back();
  return last == 'Z' || last == 'z' || s[s.size() - 6] == '+' || s[s.size() - 6] == '-';
}

// "2026-12-08T09:00+08:00" → "2026-12-08T09:00:00+08:00"; other text unchanged.
std::string with_seconds(std::string s) {
  if (s.size() > 16 && s[10] == 'T' && s[13] == ':' && s[16] != ':') s.insert(16, ":00");
  return s;
}
}  // namespace

bool valid_ring_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

Result<void> check_rollout(const std::vector<Ring>& rings) {
  if (rings.size() > kMaxRings) return fail("at most " + std::to_string(kMaxRings) + " rings");
  std::set<std::string> names;
  std::optional<SysTime> before;
  for (const auto& r : rings) {
    if (!valid_ring_name(r.name)) return fail("ring name \"" + r.name + "\" is not [a-z0-9_-]+ (at most 32 characters)");
    if (!names.insert(r.name).second) return fail("ring " + r.name + " is named twice");
    SysTime start;
    if (!has_zone(r.start) || !parse_time(r.start, start))
      return fail("ring " + r.name + ": start \"" + r.start + "\" is not an RFC 3339 time with an offset, e.g. 2026-12-08T09:00:00+08:00");
    if (before && start <= *before) return fail("ring " + r.name + " starts no later than the ring before it; starts must rise in ring order");
    before = start;
  }
  return {};
}

Result<std::vector<Ring>> parse_ring_args(const std::vector<std::string>& args) {
  std::vector<Ring> rings;
  for (const auto& a : args) {
    const auto eq = a.find('=');
    if (eq == std::string::npos) return fail("--ring \"" + a + "\" is not NAME=START, e.g. pilot=2026-12-08T09:00+08:00");
    rings.push_back({a.substr(0, eq), with_seconds(a.substr(eq + 1))});
  }
  if (auto ok = check_rollout(rings); !ok) return tl::unexpected(ok.error());
  return rings;
}

Result<void> check_rollout_before(const std::vector<Ring>& rings, SysTime expires) {
  SysTime last;
  if (!rings.empty() && parse_time(rings.back().start, last) && last >= expires)
    return fail("ring " + rings.back().name + " starts when the package has already expired (" + format_time(expires) + ")");
  return {};
}

RingChoice choose_ring(const Manifest& m, std::string_view kiosk_ring) {
  if (m.rollout.empty()) return {};
  const Ring* ring = &m.rollout.back();
  bool listed = false;
  for (const auto& r : m.rollout)
    if (r.name == kiosk_ring) {
      ring = &r;
      listed = true;
    }
  RingChoice c{ring->name, std::nullopt, listed};
  SysTime start;
  // A verified manifest's starts parse (check_rollout); should one not, the ring waits for nothing.
  if (parse_time(ring->start, start)) c.start = start;
  return c;
}

std::string describe_rollout(const std::vector<Ring>& rings) {
  std::string out;
  for (const auto& r : rings) {
    SysTime t;
    const std::string utc = parse_time(r.start, t) ? format_time(t) : std::string("?");
    out += "  ring " + r.name + "  from " + r.start + " (" + utc + ")\n";
  }
  return out;
}

}  // namespace ow::catalog
