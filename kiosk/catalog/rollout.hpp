#pragma once
// Staged rollout: a package may name rollout rings, each with a start time (pilot kiosks first,
// everyone a day later). A kiosk follows the ring its config names ([catalog] ring), or the last
// ring when the package does not list it; it keeps the package staged until that ring has started.
// The rings are part of the signed manifest, so nobody but the operators can move a start.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog/package.hpp"
#include "kiosk/result.hpp"

namespace ow::catalog {

// [a-z0-9_-]+, at most 32 characters.
bool valid_ring_name(std::string_view name);

// Every name valid and used once, every start an RFC 3339 time with an offset (or Z), the starts
// strictly rising in ring order. An empty list is a package without rollout.
Result<void> check_rollout(const std::vector<Ring>& rings);

// matterpack's --ring arguments, in ring order: "pilot=2026-12-08T09:00+08:00" (seconds may be left
// out; they are written out in the manifest), checked as a whole.
Result<std::vector<Ring>> parse_ring_args(const std::vector<std::string>& args);

// The last ring must start before the package expires, or its kiosks would never apply it.
Result<void> check_rollout_before(const std::vector<Ring>& rings, SysTime expires);

// How a kiosk configured for `kiosk_ring` (empty: the last ring) treats a package.
struct RingChoice {
  std::string ring;              // the ring it follows; empty when the package has no rollout
  std::optional<SysTime> start;  // when that ring starts; nullopt: at once
  bool listed = true;            // false: the package does not list the kiosk's ring, so it follows the last
};
RingChoice choose_ring(const Manifest& m, std::string_view kiosk_ring);
inline bool is_due(const RingChoice& c, SysTime now) { return !c.start || now >= *c.start; }

// One line per ring for operators: "  ring pilot  from 2026-12-08T09:00:00+08:00 (2026-12-08T01:00:00Z)".
std::string describe_rollout(const std::vector<Ring>& rings);

}  // namespace ow::catalog
