// GET /v1/fleet/catalog: which kiosk runs which catalog version, from each kiosk's last heartbeat
// (docs/platform-api.md, "Staged rollout").
#include <nlohmann/json.hpp>

#include <map>

#include "offline_store/platform_answer.hpp"
#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

namespace {
using nlohmann::json;

// A heartbeat's member as sent, or null when the kiosk did not send it (older kiosks).
json member(const json& hb, const char* name) { return hb.is_object() && hb.contains(name) ? hb[name] : json(); }

std::string version_key(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return "unknown";
}
}  // namespace

Answer EmuState::fleet_catalog() {
  std::lock_guard lock(mutex_);
  auto st = db_->prepare(
      "SELECT h.kiosk_id, h.at_ms, h.body FROM heartbeats h "
      "JOIN (SELECT kiosk_id, max(id) AS id FROM heartbeats GROUP BY kiosk_id) last ON last.id = h.id ORDER BY h.kiosk_id");
  if (!st) return Answer{500, json{{"error", "storage"}, {"message", st.error().message}}.dump()};
  json kiosks = json::array();
  std::map<std::string, json> by_version;
  for (;;) {
    auto row = st->step();
    if (!row) return Answer{500, json{{"error", "storage"}, {"message", row.error().message}}.dump()};
    if (!*row) break;
    const std::string id = st->column_text(0);
    const json hb = json::parse(st->column_text(2), nullptr, false);
    const json version = member(hb, "catalog_version");
    kiosks.push_back({{"kiosk_id", id},
                      {"catalog_version", version},
                      {"ring", member(hb, "catalog_ring")},
                      {"pending", member(hb, "catalog_pending")},
                      {"last_heartbeat_at", store::utc_rfc3339(st->column_int(1))}});
    auto& ids = by_version[version_key(version)];
    if (ids.is_null()) ids = json::array();
    ids.push_back(id);
  }
  json versions = json::object();
  for (auto& [v, ids] : by_version) versions[v] = std::move(ids);
  return Answer{200, json{{"kiosks", kiosks}, {"versions", versions}}.dump()};
}

}  // namespace ow::emu
