#include "kiosk/maintenance/control_request.hpp"

#include <limits>

#include "base/json_number.hpp"

namespace ow::maintenance::control {

namespace {
using nlohmann::json;

// The member `key` when present; nullptr when absent.
const json* member(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// A string member, or `fallback` when absent; an error when present with another type.
Result<std::string> text(const json& j, const char* key, std::string fallback) {
  const json* v = member(j, key);
  if (!v) return fallback;
  if (!v->is_string()) return fail(std::string("\"") + key + "\" must be a string");
  return v->get<std::string>();
}

template <class T>
Result<T> whole(const json& j, const char* key, T fallback) {
  const json* v = member(j, key);
  if (!v) return fallback;
  const auto n = json_int<T>(*v, T{0}, std::numeric_limits<T>::max());
  if (!n) return fail(std::string("\"") + key + "\" must be a whole number from 0");
  return *n;
}

Result<Request> health(const json& j) {
  auto device = text(j, "device", "");
  if (!device) return tl::unexpected(device.error());
  if (device->size() > kMaxDeviceName) return fail("\"device\" is longer than any device name");
  auto level = text(j, "level", "internal");
  if (!level) return tl::unexpected(level.error());
  Health h{std::move(*device), drivers::HealthLevel::Internal};
  if (*level == "external") h.level = drivers::HealthLevel::External;
  else if (*level != "internal") return fail("level must be internal or external (interactive checks need the screen)");
  return h;
}

Result<Request> logs(const json& j) {
  Logs l;
  auto level = text(j, "level", "debug");
  if (!level) return tl::unexpected(level.error());
  if (!log::parse_level(*level, l.level)) return fail("level must be debug, info, warn or error");
  auto after = whole<std::uint64_t>(j, "after", 0);
  if (!after) return tl::unexpected(after.error());
  auto max = whole<std::size_t>(j, "max", l.max);
  if (!max) return tl::unexpected(max.error());
  l.after = *after;
  l.max = std::min(*max, kMaxLogLines);  // a longer wish is served in part, as before
  return l;
}
}  // namespace

Result<Request> parse_request(const json& j) {
  if (!j.is_object()) return fail("a request is one JSON object with \"cmd\"");
  const json* cmd = member(j, "cmd");
  if (!cmd || !cmd->is_string()) return fail("a request is one JSON object with \"cmd\"");
  const auto& name = cmd->get_ref<const std::string&>();
  if (name == "ping") return Ping{};
  if (name == "status") return Status{};
  if (name == "devices") return Devices{};
  if (name == "catalog_rollback") return CatalogRollback{};
  if (name == "health") return health(j);
  if (name == "logs") return logs(j);
  // Echoed whole (a JSON string is valid UTF-8; a cut one might not be), unless it is long.
  return fail(name.size() <= 32 ? "unknown command " + name : std::string("unknown command"));
}

Result<Request> parse_request_line(std::string_view line) {
  return parse_request(json::parse(line, nullptr, /*allow_exceptions=*/false));
}

}  // namespace ow::maintenance::control
