#pragma once
// The `kioskctl status --json` schema (docs/kioskctl.md, "onewindow.status/1") as a checklist:
// every field the document promises, with its JSON type. A test fails on any missing or
// mistyped field, so a change to the output must change the documentation and this list.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ow::test {

enum class J { String, Bool, Number, Object, Array, StringOrNull, NumberOrNull, BoolOrNull, ObjectOrNull };

inline bool type_ok(const nlohmann::json& v, J t) {
  switch (t) {
    case J::String: return v.is_string();
    case J::Bool: return v.is_boolean();
    case J::Number: return v.is_number();
    case J::Object: return v.is_object();
    case J::Array: return v.is_array();
    case J::StringOrNull: return v.is_string() || v.is_null();
    case J::NumberOrNull: return v.is_number() || v.is_null();
    case J::BoolOrNull: return v.is_boolean() || v.is_null();
    case J::ObjectOrNull: return v.is_object() || v.is_null();
  }
  return false;
}

inline const std::vector<std::pair<std::string, J>>& status_fields() {
  static const std::vector<std::pair<std::string, J>> f{
      {"/schema", J::String}, {"/source", J::String}, {"/kiosk_id", J::String}, {"/version", J::String},
      {"/generated_at", J::String}, {"/devices", J::Array}, {"/network", J::Object},
      {"/network/platform_url", J::StringOrNull}, {"/network/configured", J::Bool}, {"/network/online", J::BoolOrNull},
      {"/network/last_success_at", J::StringOrNull}, {"/network/last_error", J::StringOrNull},
      {"/network/last_error_at", J::StringOrNull},
      {"/network/platform_fault", J::StringOrNull}, {"/network/platform_fault_since", J::StringOrNull}, {"/network/heartbeat_interval_s", J::Number},
      {"/network/certificates", J::Array}, {"/queue", J::ObjectOrNull}, {"/catalog", J::Object},
      {"/catalog/version", J::StringOrNull}, {"/catalog/expired", J::Bool}, {"/catalog/title", J::StringOrNull}, {"/catalog/created", J::StringOrNull},
      {"/catalog/expires", J::StringOrNull}, {"/catalog/installed", J::NumberOrNull}, {"/catalog/previous", J::NumberOrNull},
      {"/catalog/ring", J::StringOrNull}, {"/catalog/waiting", J::ObjectOrNull},
      {"/system", J::Object}, {"/system/uptime_s", J::Number}, {"/system/kiosk_uptime_s", J::NumberOrNull},
      {"/system/cpu_temp_c", J::NumberOrNull}, {"/system/mem_total_mb", J::Number}, {"/system/mem_available_mb", J::Number},
      {"/system/disk_total_mb", J::Number}, {"/system/disk_free_mb", J::Number}, {"/system/time_synced", J::BoolOrNull},
      {"/ports", J::ObjectOrNull}, {"/summary", J::Object}, {"/summary/ok", J::Bool}, {"/summary/problems", J::Array},
      {"/summary/warnings", J::Array}, {"/data_key", J::ObjectOrNull}};
  return f;
}

inline const std::vector<std::pair<std::string, J>>& queue_fields() {
  static const std::vector<std::pair<std::string, J>> f{
      {"/states/pending", J::Number}, {"/states/sending", J::Number}, {"/states/acked", J::Number},
      {"/states/purged", J::Number}, {"/states/rejected", J::Number}, {"/purged_from/acked", J::Number},
      {"/purged_from/rejected", J::Number}, {"/purged_from/unsent", J::Number}, {"/queue_depth", J::Number},
      {"/oldest_pending_age_s", J::NumberOrNull}, {"/evaluations_pending", J::Number}, {"/last_error", J::StringOrNull}};
  return f;
}

inline const std::vector<std::pair<std::string, J>>& device_fields() {
  static const std::vector<std::pair<std::string, J>> f{
      {"/name", J::String}, {"/family", J::String}, {"/source", J::String}, {"/state", J::StringOrNull},
      {"/port", J::String}, {"/usb_id", J::StringOrNull}, {"/details", J::Object}, {"/capabilities", J::Array},
      {"/identity/manufacturer", J::StringOrNull}, {"/identity/model", J::StringOrNull},
      {"/identity/serial", J::StringOrNull}, {"/identity/firmware", J::StringOrNull},
      {"/counters/operations", J::Number}, {"/counters/errors", J::Number}, {"/counters/powered_hours", J::Number},
      {"/counters/paper_m", J::Number}, {"/counters/first_seen", J::StringOrNull}, {"/last_error", J::StringOrNull},
      {"/recent_errors", J::Array}, {"/retry_in_ms", J::NumberOrNull}};
  return f;
}

// Every problem with the document, as "field: why"; empty when it matches the schema.
inline std::vector<std::string> schema_problems(const nlohmann::json& doc) {
  std::vector<std::string> out;
  auto check = [&](const nlohmann::json& j, const std::string& prefix, const std::vector<std::pair<std::string, J>>& fields) {
    for (const auto& [ptr, t] : fields) {
      const nlohmann::json::json_pointer p(ptr);
      if (!j.contains(p)) out.push_back(prefix + ptr + ": missing");
      else if (!type_ok(j.at(p), t)) out.push_back(prefix + ptr + ": wrong type " + std::string(j.at(p).type_name()));
    }
  };
  check(doc, "", status_fields());
  if (doc.contains("queue") && doc["queue"].is_object()) check(doc["queue"], "/queue", queue_fields());
  if (doc.contains("ports") && doc["ports"].is_object())
    check(doc["ports"], "/ports", {{"/serial", J::Array}, {"/video", J::Array}, {"/usb", J::Array}});
  if (doc.contains("devices") && doc["devices"].is_array())
    for (std::size_t i = 0; i < doc["devices"].size(); ++i) check(doc["devices"][i], "/devices/" + std::to_string(i), device_fields());
  static const std::vector<std::string> kStates{"online", "offline", "busy", "hardware_error", "user_error", "no_device"};
  if (doc.value("source", "") == "kiosk")
    for (const auto& d : doc["devices"])
      if (!d["state"].is_string() || std::find(kStates.begin(), kStates.end(), d["state"].get<std::string>()) == kStates.end())
        out.push_back("device state " + d["state"].dump() + " is not one of the six states");
  if (doc.value("schema", "") != "onewindow.status/1") out.push_back("schema is not onewindow.status/1");
  return out;
}

}  // namespace ow::test
