#include "kiosk/maintenance/status_report.hpp"

#include "offline_store/store.hpp"

#include <cstdio>
#include <ctime>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/catalog/rollout.hpp"
#include "kiosk/maintenance/technician_pins.hpp"
#include "kiosk/text_util.hpp"

namespace ow::maintenance {

using nlohmann::json;

std::string rfc3339_utc(std::int64_t unix_ms) {
  return ow::rfc3339_utc(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

namespace {
json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(); }
json opt_str(const std::string& s) { return s.empty() ? json() : json(s); }
bool device_problem(drivers::DeviceState s) {
  return s == drivers::DeviceState::HardwareError || s == drivers::DeviceState::Offline ||
         s == drivers::DeviceState::NoDevice || s == drivers::DeviceState::UserError;
}
// The platform's last 2xx: the sync engine's, or the outbox's latest acknowledgement when that is
// later (a kiosk not running, or just started, has heard nothing yet, but its outbox remembers).
std::optional<std::int64_t> last_success_ms(const StatusInputs& in) {
  std::optional<std::int64_t> t = in.sync ? in.sync->last_success_ms : std::nullopt;
  if (in.outbox && in.outbox->last_acked_ms && (!t || *in.outbox->last_acked_ms > *t)) t = in.outbox->last_acked_ms;
  return t;
}
bool catalog_expired(const CatalogInfo& c) {
  catalog::SysTime expires;
  return !c.expires.empty() && catalog::parse_time(c.expires, expires) && std::chrono::system_clock::now() >= expires;
}
}  // namespace

json device_json(const drivers::DeviceView& d, bool live) {
  json details = json::object();
  for (const auto& [k, v] : d.details) details[k] = v;
  json recent = json::array();
  for (const auto& e : d.recent_errors) recent.push_back(json{{"at", e.when}, {"text", e.text}});
  char usb[16] = "";
  if (d.usb_vendor) std::snprintf(usb, sizeof usb, "%04x:%04x", d.usb_vendor, d.usb_product);
  return json{{"name", d.name},
              {"family", d.family},
              {"source", d.source},
              {"state", live ? json(std::string(drivers::to_string(d.state))) : json()},
              {"port", d.port},
              {"usb_id", usb[0] ? json(usb) : json()},
              {"details", details},
              {"capabilities", d.capabilities},
              {"identity", json{{"manufacturer", opt_str(d.identity.manufacturer)},
                                {"model", opt_str(d.identity.model)},
                                {"serial", opt_str(d.identity.serial)},
                                {"firmware", opt_str(d.identity.firmware)}}},
              {"counters", json{{"operations", d.counters.operations},
                                {"errors", d.counters.errors},
                                {"powered_hours", d.counters.powered_hours},
                                {"paper_m", d.counters.paper_m},
                                {"first_seen", opt_str(d.counters.first_seen)}}},
              {"last_error", opt_str(d.last_error)},
              {"recent_errors", recent},
              {"retry_in_ms", opt(d.retry_in_ms)}};
}

std::vector<std::string> problems(const StatusInputs& in) {
  std::vector<std::string> out;
  if (in.source == "kiosk") {
    for (const auto& d : in.devices)
      if (device_problem(d.state))
        out.push_back(d.name + ": " + std::string(drivers::to_string(d.state)) + (d.last_error.empty() ? "" : " — " + d.last_error));
  }
  if (in.sync && in.sync->configured && !in.sync->online) out.push_back("platform not reachable: " + in.sync->last_error);
  if (in.sync && !in.sync->platform_fault.empty()) out.push_back("platform refuses the kiosk, nothing is sent: " + in.sync->platform_fault);
  if (in.outbox) {
    const auto it = in.outbox->by_state.find(store::OutboxState::Rejected);
    if (it != in.outbox->by_state.end() && it->second > 0) out.push_back(std::to_string(it->second) + " submission(s) rejected by the platform");
    if (in.outbox->oldest_pending_age_s && *in.outbox->oldest_pending_age_s > 24 * 3600) out.push_back("submissions waiting for more than a day");
  }
  for (const auto& c : in.certificates) {
    if (!c.error.empty()) out.push_back(c.role + " certificate: " + c.error);
    else if (c.days_left && *c.days_left < 30) out.push_back(c.role + " certificate expires in " + std::to_string(*c.days_left) + " days");
  }
  if (in.system.disk_total_mb > 0 && in.system.disk_free_mb < 1024) out.push_back("disk almost full: " + std::to_string(in.system.disk_free_mb) + " MB free");
  if (in.system.cpu_temp_c && *in.system.cpu_temp_c > 85) out.push_back("CPU temperature " + std::to_string(static_cast<int>(*in.system.cpu_temp_c)) + " °C");
  if (in.system.time_synced && !*in.system.time_synced) out.push_back("clock not synchronised");
  if (catalog_expired(in.catalog))
    out.push_back("catalog version " + in.catalog.version + " expired at " + in.catalog.expires +
                  "; still served until a newer package is applied");
  if (in.data_key && !in.data_key->error.empty()) out.push_back("data key: " + in.data_key->error);
  return out;
}

namespace {
constexpr const char* kDataKeyFileWarning =
    "data key: store.key lies in clear beside the data (no TPM credential): a stolen disk reveals every queued "
    "submission; see docs/security.md";
}  // namespace

DataKeyInfo data_key_info(const store::Store* opened, const std::string& open_error) {
  if (opened == nullptr) return DataKeyInfo{"", open_error};
  if (opened->vault() == nullptr) return DataKeyInfo{"", opened->key_fault()};
  return DataKeyInfo{std::string(store::protection_name(opened->vault()->protection())), ""};
}

std::vector<std::string> warnings(const StatusInputs& in) {
  std::vector<std::string> out;
  if (in.data_key && in.data_key->protection == "file") out.push_back(kDataKeyFileWarning);
  return out;
}

json heartbeat_data_key(const DataKeyInfo& key) {
  json out{{"data_key_protection", key.protection.empty() ? json() : json(key.protection)}};
  if (key.protection == "file") out["data_key_warning"] = kDataKeyFileWarning;
  return out;
}

json status_json(const Config& config, const StatusInputs& in) {
  const bool live = in.source == "kiosk";
  json devices = json::array();
  for (const auto& d : in.devices) devices.push_back(device_json(d, live));
  json certs = json::array();
  for (const auto& c : in.certificates)
    certs.push_back(json{{"role", c.role}, {"file", c.file.string()}, {"subject", opt_str(c.subject)},
                         {"not_after", opt_str(c.not_after)}, {"days_left", opt(c.days_left)}, {"error", opt_str(c.error)}});
  json network{{"platform_url", opt_str(config.platform.url)},
               {"configured", !config.platform.url.empty()},
               {"online", in.sync ? json(in.sync->online) : json()},
               {"last_success_at", last_success_ms(in) ? json(rfc3339_utc(*last_success_ms(in))) : json()},
               {"last_error", in.sync ? opt_str(in.sync->last_error) : json()},
               {"last_error_at", in.sync && in.sync->last_error_ms ? json(rfc3339_utc(*in.sync->last_error_ms)) : json()},
               {"platform_fault", in.sync ? opt_str(in.sync->platform_fault) : json()},
               {"platform_fault_since", in.sync && in.sync->platform_fault_ms ? json(rfc3339_utc(*in.sync->platform_fault_ms)) : json()},
               {"heartbeat_interval_s", config.platform.heartbeat_s},
               {"certificates", certs}};
  json queue = json();
  if (in.outbox) {
    json states = json::object();
    for (auto st : {store::OutboxState::Pending, store::OutboxState::Sending, store::OutboxState::Acked,
                    store::OutboxState::Purged, store::OutboxState::Rejected}) {
      const auto it = in.outbox->by_state.find(st);
      states[std::string(store::state_name(st))] = it == in.outbox->by_state.end() ? 0 : it->second;
    }
    const store::PurgeCounts& purged = in.outbox->purged_from;
    queue = json{{"states", states},
                 {"purged_from", {{"acked", purged.acked}, {"rejected", purged.rejected}, {"unsent", purged.unsent}}},
                 {"queue_depth", in.outbox->queue_depth},
                 {"oldest_pending_age_s", opt(in.outbox->oldest_pending_age_s)},
                 {"evaluations_pending", in.outbox->evaluations_pending},
                 {"last_error", in.outbox->last_error ? json(*in.outbox->last_error) : json()}};
  }
  const auto& s = in.system;
  json system{{"uptime_s", s.uptime_s},
              {"kiosk_uptime_s", live ? json(s.kiosk_uptime_s) : json()},
              {"cpu_temp_c", s.cpu_temp_c ? json(*s.cpu_temp_c) : json()},
              {"mem_total_mb", s.mem_total_mb},
              {"mem_available_mb", s.mem_available_mb},
              {"disk_total_mb", s.disk_total_mb},
              {"disk_free_mb", s.disk_free_mb},
              {"time_synced", s.time_synced ? json(*s.time_synced) : json()}};
  json catalog{{"version", opt_str(in.catalog.version)},
               {"expired", catalog_expired(in.catalog)},
               {"title", opt_str(in.catalog.title)},
               {"created", opt_str(in.catalog.created)},
               {"expires", opt_str(in.catalog.expires)},
               {"installed", in.catalog.installed ? json(in.catalog.installed) : json()},
               {"previous", in.catalog.previous ? json(in.catalog.previous) : json()},
               {"ring", opt_str(in.catalog.ring)},
               {"waiting", in.catalog.waiting ? json{{"version", in.catalog.waiting},
                                                     {"ring", opt_str(in.catalog.waiting_ring)},
                                                     {"due_at", opt_str(in.catalog.waiting_due)}}
                                              : json()}};
  json ports = json();
  if (in.ports) {
    json usb = json::array();
    for (const auto& d : in.ports->usb) usb.push_back(usb_json(d));
    ports = json{{"serial", in.ports->serial}, {"video", in.ports->video}, {"usb", usb}};
  }
  const auto list = problems(in);
  const json data_key = in.data_key ? json{{"protection", opt_str(in.data_key->protection)}, {"error", opt_str(in.data_key->error)}}
                                    : json();
  return json{{"schema", kStatusSchema},
              {"source", in.source},
              {"kiosk_id", config.kiosk_id},
              {"version", OW_VERSION},
              {"generated_at", rfc3339_utc(unix_now() * 1000)},
              {"devices", devices},
              {"network", network},
              {"queue", queue},
              {"catalog", catalog},
              {"system", system},
              {"ports", ports},
              {"data_key", data_key},
              {"summary", json{{"ok", list.empty()}, {"problems", list}, {"warnings", warnings(in)}}}};
}

json usb_json(const drivers::UsbDeviceInfo& d) {
  char id[16];
  std::snprintf(id, sizeof id, "%04x:%04x", d.vendor, d.product);
  return json{{"usb_id", id}, {"bus", d.bus}, {"address", d.address}, {"port_path", d.port_path}, {"family", d.family},
              {"model", d.model}, {"manufacturer", d.manufacturer}, {"product", d.product_name}, {"serial", d.serial}};
}

json heartbeat_devices(const std::vector<drivers::DeviceView>& devices) {
  json out = json::object();
  for (const auto& d : devices) {
    json j{{"status", std::string(drivers::to_string(d.state))},
           {"family", d.family},
           {"operations", d.counters.operations},
           {"errors", d.counters.errors},
           {"last_error", opt_str(d.last_error)}};
    for (const auto& [k, v] : d.details)
      if (k == "paper" || k == "cover" || k == "paper_left_m") j[k] = v;
    out[d.name] = std::move(j);
  }
  return out;
}

CatalogInfo read_catalog_info(const Config& config, const std::string& served_version) {
  CatalogInfo info;
  info.version = served_version;
  info.ring = config.catalog_ring;
  auto key = catalog::load_public_key(config.catalog_pubkey);
  if (!key) return info;
  catalog::Installer installer(config.data_dir / "catalog", *key, OW_VERSION);
  const auto st = installer.state();
  info.installed = st.current;
  info.previous = st.previous;
  if (st.current) {
    if (auto m = installer.manifest(st.current)) {
      info.title = m->title;
      info.expires = m->expires;
      info.created = m->created;
      if (info.version.empty()) info.version = std::to_string(m->version);
    }
  }
  // From the files, so kioskctl sees the same without the running kiosk.
  if (auto m = installer.find_staged()) {
    const auto choice = catalog::choose_ring(*m, config.catalog_ring);
    info.waiting = m->version;
    info.waiting_ring = choice.ring;
    if (choice.start) info.waiting_due = catalog::format_time(*choice.start);
  }
  return info;
}

std::vector<CertificateInfo> read_certificates(const Config& config) {
  std::vector<CertificateInfo> out;
  const auto now = unix_now();
  if (!config.platform.ca_file.empty()) out.push_back(read_certificate("ca", config.platform.ca_file, now));
  if (!config.platform.cert_file.empty()) out.push_back(read_certificate("client", config.platform.cert_file, now));
  return out;
}

}  // namespace ow::maintenance
