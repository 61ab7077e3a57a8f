// kioskctl status | devices | health | usb | logs: what the technician sees on the maintenance
// overview, from a shell. Asks the running kiosk over its control socket; when no kiosk answers,
// reads the config, the store, the device counters file and the catalog directly.
// JSON schema: docs/kioskctl.md.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/json_number.hpp"
#include "drivers/device_adapters.hpp"
#include "drivers/known_devices.hpp"
#include "kiosk/catalog/installer.hpp"
#include "kiosk/config.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/maintenance/control_server.hpp"
#include "kiosk/maintenance/status_report.hpp"
#include "kiosk/maintenance/technician_config.hpp"
#include "kiosk/sync_setup.hpp"
#include "offline_store/store.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/data_key.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

namespace {
using nlohmann::json;
namespace mt = maintenance;

struct Ctx {
  Config config;
  mt::TechnicianConfig tech;
};

std::optional<Ctx> load(Globals& g) {
  auto c = config_or_fail(g);
  if (!c) return std::nullopt;
  auto t = mt::load_technician_config(*c);
  if (!t) {
    std::fprintf(stderr, "kioskctl: %s\n", t.error().message.c_str());
    g.exit_code = 2;
    return std::nullopt;
  }
  return Ctx{std::move(*c), std::move(*t)};
}

// The devices of the config with the counters the kiosk last saved; their state needs the kiosk.
std::vector<drivers::DeviceView> devices_from_files(const Ctx& ctx) {
  json saved = json::object();
  std::ifstream in(ctx.config.data_dir / "device_counters.json");
  if (in) {
    auto j = json::parse(in, nullptr, false);
    if (j.is_object() && j.contains("devices") && j["devices"].is_object()) saved = j["devices"];
  }
  std::vector<drivers::DeviceView> out;
  for (const auto& spec : ctx.tech.devices) {
    drivers::DeviceView v;
    v.name = spec.name;
    v.family = spec.family;
    v.source = "config";
    v.port = spec.port;
    v.usb_vendor = spec.usb_vendor;
    v.usb_product = spec.usb_product;
    if (saved.contains(spec.name) && saved[spec.name].is_object()) {
      const auto& c = saved[spec.name];
      v.counters.operations = json_int<std::uint64_t>(c, "operations").value_or(0);
      v.counters.errors = json_int<std::uint64_t>(c, "errors").value_or(0);
      v.counters.powered_hours = json_double(c, "powered_hours", 0, 1e9).value_or(0);
      v.counters.paper_m = json_double(c, "paper_m", 0, 1e12).value_or(0);
      if (const auto it = c.find("first_seen"); it != c.end() && it->is_string()) v.counters.first_seen = it->get<std::string>();
    }
    out.push_back(std::move(v));
  }
  return out;
}

json status_from_files(const Ctx& ctx) {
  mt::StatusInputs in;
  in.source = "files";
  in.devices = devices_from_files(ctx);
  auto options = store_options(ctx.config);
  options.actor = "kioskctl";
  const DecryptedDataKey key(options);
  if (auto s = store::Store::open(options)) {
    if (auto st = (*s)->stats(store::unix_ms_now())) in.outbox = *st;
    in.data_key = mt::data_key_info(s->get(), "");
  } else {
    in.data_key = mt::data_key_info(nullptr, key.error().empty() ? s.error().message : key.error());
  }
  // The version the kiosk would serve: an installed package, else the catalog the config names.
  auto served = catalog::load_active_catalog(ctx.config.data_dir / "catalog", ctx.config.catalog_file);
  in.catalog = mt::read_catalog_info(ctx.config, served ? served->version : "");
  in.system = mt::read_system_info(ctx.config.data_dir, 0);
  in.certificates = mt::read_certificates(ctx.config);
  return mt::status_json(ctx.config, in);
}

// The live status from the kiosk, else from the files.
json current_status(const Ctx& ctx) {
  if (auto a = mt::control_request(ctx.tech.control_socket, {{"cmd", "status"}}); a && a->value("ok", false)) return (*a)["status"];
  return status_from_files(ctx);
}

std::string s_or(const json& v, const char* fallback = "-") {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return fallback;
  return v.dump();
}

void print_devices(const json& devices, bool live) {
  std::printf("%-14s %-16s %-15s %-10s %-8s %s\n", "DEVICE", "FAMILY", "STATE", "OPS", "ERRORS", "PORT / LAST ERROR");
  for (const auto& d : devices) {
    std::string tail = s_or(d["port"], "");
    if (d["last_error"].is_string() && d["state"] != "online") tail += "  — " + d["last_error"].get<std::string>();
    std::printf("%-14s %-16s %-15s %-10llu %-8llu %s\n", s_or(d["name"]).c_str(), s_or(d["family"]).c_str(),
                live ? s_or(d["state"]).c_str() : "(not running)", static_cast<unsigned long long>(json_int<std::uint64_t>(d["counters"], "operations").value_or(0)),
                static_cast<unsigned long long>(json_int<std::uint64_t>(d["counters"], "errors").value_or(0)), tail.c_str());
  }
  if (devices.empty()) std::printf("(no devices configured)\n");
}

void print_status(const json& st) {
  const bool live = st["source"] == "kiosk";
  std::printf("kiosk %s, software %s — %s\n\n", s_or(st["kiosk_id"]).c_str(), s_or(st["version"]).c_str(),
              live ? "live from the running kiosk" : "kiosk not running: read from the config and the data dir");
  print_devices(st["devices"], live);
  const auto& n = st["network"];
  std::printf("\nplatform   %s", n["configured"].get<bool>() ? s_or(n["platform_url"]).c_str() : "not configured (offline only)");
  if (n["online"].is_boolean()) std::printf(", %s", n["online"].get<bool>() ? "reachable" : "NOT reachable");
  std::printf("\n  last success %s; last error %s\n", s_or(n["last_success_at"]).c_str(), s_or(n["last_error"]).c_str());
  if (n["platform_fault"].is_string())
    std::printf("  REFUSED since %s, nothing is sent, the queue is kept: %s\n", s_or(n["platform_fault_since"]).c_str(),
                n["platform_fault"].get<std::string>().c_str());
  for (const auto& c : n["certificates"])
    std::printf("  %s certificate expires %s (%s days)%s\n", s_or(c["role"]).c_str(), s_or(c["not_after"]).c_str(),
                s_or(c["days_left"]).c_str(), c["error"].is_string() ? (" — " + c["error"].get<std::string>()).c_str() : "");
  if (const auto& q = st["queue"]; q.is_object()) {
    // A kiosk of an older version reports no purged_from: shown as 0.
    auto count = [&](const char* group, const char* key) {
      const auto g = q.find(group);
      return g == q.end() ? 0LL : json_int<long long>(*g, key).value_or(0);
    };
    std::printf("queue      %lld waiting, oldest %s s; rejected %lld; last error %s\n", json_int<long long>(q, "queue_depth").value_or(0),
                s_or(q["oldest_pending_age_s"]).c_str(), count("states", "rejected"), s_or(q["last_error"]).c_str());
    std::printf("  states   pending %lld, sending %lld, acked %lld, rejected %lld, purged %lld "
                "(after ack %lld, after rejection %lld, never acked %lld)\n",
                count("states", "pending"), count("states", "sending"), count("states", "acked"),
                count("states", "rejected"), count("states", "purged"), count("purged_from", "acked"),
                count("purged_from", "rejected"), count("purged_from", "unsent"));
  }
  const auto& c = st["catalog"];
  std::printf("catalog    version %s, expires %s, previous %s\n", s_or(c["version"]).c_str(), s_or(c["expires"]).c_str(),
              s_or(c["previous"]).c_str());
  const auto& s = st["system"];
  std::printf("system     up %s s, CPU %s °C, memory %s/%s MB free, disk %s/%s MB free, time synced %s\n",
              s_or(s["uptime_s"]).c_str(), s_or(s["cpu_temp_c"]).c_str(), s_or(s["mem_available_mb"]).c_str(),
              s_or(s["mem_total_mb"]).c_str(), s_or(s["disk_free_mb"]).c_str(), s_or(s["disk_total_mb"]).c_str(),
              s_or(s["time_synced"]).c_str());
  if (const auto& ports = st["ports"]; ports.is_object()) {
    std::printf("plugged in %zu USB device(s), serial ports:", ports["usb"].size());
    for (const auto& sp : ports["serial"]) std::printf(" %s", sp.get<std::string>().c_str());
    std::printf("\n");
    for (const auto& u : ports["usb"])
      if (u["family"] == "unknown") std::printf("  unknown USB device %s %s\n", s_or(u["usb_id"]).c_str(), s_or(u["model"], "").c_str());
  }
  if (const auto& k = st["data_key"]; k.is_object())
    std::printf("data key   %s\n", k["error"].is_string() ? ("NOT AVAILABLE — " + k["error"].get<std::string>()).c_str()
                                                            : (k["protection"] == "tpm2" ? "sealed to the TPM (systemd credential)"
                                                                                         : "store.key file, not protected by a TPM"));
  for (const auto& w : st["summary"].value("warnings", json::array()))
    std::printf("WARNING: %s\n", w.get<std::string>().c_str());
  const auto& p = st["summary"]["problems"];
  if (p.empty()) std::printf("\nall OK\n");
  else {
    std::printf("\nproblems:\n");
    for (const auto& line : p) std::printf("  - %s\n", line.get<std::string>().c_str());
  }
}

// Health check without the kiosk: build the driver as the kiosk builds it from the config (the
// same checked specs, the same builder), let it connect, then check.
json health_from_files(const Ctx& ctx, const std::string& name, drivers::HealthLevel level) {
  auto specs = device_specs(ctx.config);
  if (!specs) return json{{"ok", false}, {"error", specs.error().message}};
  for (const auto& spec : *specs) {
    if (spec.name != name) continue;
    auto adapter = drivers::make_adapter(spec, adapter_services(ctx.config));
    if (!adapter) return json{{"ok", true}, {"device", name}, {"level", std::string(drivers::to_string(level))}, {"passed", false},
                              {"text", adapter.error().message}};
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while ((*adapter)->state() == drivers::DeviceState::NoDevice && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto p = std::make_shared<std::promise<drivers::HealthResult>>();
    auto f = p->get_future();
    (*adapter)->check_health(level, [p](drivers::HealthResult r) { p->set_value(std::move(r)); });
    drivers::HealthResult r{false, "health check timed out"};
    if (f.wait_for(std::chrono::seconds(10)) == std::future_status::ready) r = f.get();
    return json{{"ok", true}, {"device", name}, {"level", std::string(drivers::to_string(level))}, {"passed", r.passed}, {"text", r.text}};
  }
  return json{{"ok", false}, {"error", "no device named " + name + " in the config"}};
}
}  // namespace

void add_status_commands(CLI::App& app, Globals& g) {
  auto* status = app.add_subcommand("status", "Everything on the maintenance overview: devices, platform, queue, catalog, system");
  status->add_flag("--json", g.json, "Machine-readable output (schema onewindow.status/1, see docs/kioskctl.md)");
  status->callback([&g] {
    auto ctx = load(g);
    if (!ctx) return;
    const json st = current_status(*ctx);
    if (g.json) std::printf("%s\n", st.dump(2).c_str());
    else print_status(st);
    if (!st["summary"]["ok"].get<bool>()) g.exit_code = 1;
  });

  auto* devices = app.add_subcommand("devices", "Every device with state, details, counters and identity");
  devices->add_flag("--json", g.json, "Machine-readable output: the status document's \"devices\" array");
  devices->callback([&g] {
    auto ctx = load(g);
    if (!ctx) return;
    const json st = current_status(*ctx);
    if (g.json) {
      std::printf("%s\n", json{{"schema", mt::kStatusSchema}, {"source", st["source"]}, {"devices", st["devices"]}}.dump(2).c_str());
      return;
    }
    const bool live = st["source"] == "kiosk";
    print_devices(st["devices"], live);
    for (const auto& d : st["devices"]) {
      std::printf("\n%s:\n", s_or(d["name"]).c_str());
      for (const auto& [k, v] : d["details"].items()) std::printf("  %-14s %s\n", k.c_str(), s_or(v).c_str());
      for (const auto& [k, v] : d["identity"].items())
        if (!v.is_null()) std::printf("  %-14s %s\n", k.c_str(), s_or(v).c_str());
      std::printf("  %-14s %.1f h powered, %.2f m paper, first seen %s\n", "counters", json_double(d["counters"], "powered_hours", 0, 1e9).value_or(0),
                  json_double(d["counters"], "paper_m", 0, 1e12).value_or(0), s_or(d["counters"]["first_seen"]).c_str());
      for (const auto& e : d["recent_errors"]) std::printf("  error %s %s\n", s_or(e["at"]).c_str(), s_or(e["text"]).c_str());
    }
  });

  auto* health = app.add_subcommand("health", "Run a device's health check (internal: no I/O; external: talks to the device)");
  auto device = std::make_shared<std::string>();
  auto level = std::make_shared<std::string>("internal");
  health->add_option("DEVICE", *device, "Device name (kioskctl devices)")->required();
  health->add_option("--level", *level, "internal | external")->check(CLI::IsMember({"internal", "external"}))->capture_default_str();
  health->add_flag("--json", g.json, "Machine-readable output");
  health->callback([&g, device, level] {
    auto ctx = load(g);
    if (!ctx) return;
    const auto lvl = *level == "external" ? drivers::HealthLevel::External : drivers::HealthLevel::Internal;
    json r;
    if (auto a = mt::control_request(ctx->tech.control_socket, {{"cmd", "health"}, {"device", *device}, {"level", *level}})) r = *a;
    else r = health_from_files(*ctx, *device, lvl);
    if (!r.value("ok", false)) {
      std::fprintf(stderr, "kioskctl: %s\n", r.value("error", std::string("health check failed")).c_str());
      g.exit_code = 2;
      return;
    }
    if (g.json) std::printf("%s\n", r.dump(2).c_str());
    else std::printf("%s %s: %s — %s\n", device->c_str(), level->c_str(), r["passed"].get<bool>() ? "PASSED" : "FAILED",
                     r.value("text", std::string()).c_str());
    if (!r["passed"].get<bool>()) g.exit_code = 1;
  });

  auto* usb = app.add_subcommand("usb", "USB devices present, named from the known-device table (unknown ones as unknown)");
  usb->add_flag("--json", g.json, "Machine-readable output");
  usb->callback([&g] {
    const auto list = drivers::enumerate_usb(true);
    if (g.json) {
      json arr = json::array();
      for (const auto& d : list) arr.push_back(mt::usb_json(d));
      std::printf("%s\n", json{{"usb", arr}}.dump(2).c_str());
      return;
    }
    std::printf("%-10s %-8s %-16s %s\n", "ID", "PORT", "FAMILY", "MODEL");
    for (const auto& d : list)
      std::printf("%04x:%04x  %-8s %-16s %s%s\n", d.vendor, d.product, d.port_path.c_str(), d.family.c_str(),
                  d.model.empty() ? "-" : d.model.c_str(), d.manufacturer.empty() ? "" : (" (" + d.manufacturer + ")").c_str());
    if (list.empty()) std::printf("(no USB devices visible; is /dev/bus/usb readable?)\n");
  });

  auto* logs = app.add_subcommand("logs", "The kiosk's recent log lines (no personal data); -f follows");
  auto follow = std::make_shared<bool>(false);
  auto min_level = std::make_shared<std::string>("info");
  auto lines = std::make_shared<int>(100);
  logs->add_flag("-f,--follow", *follow, "Keep printing new lines");
  logs->add_option("--level", *min_level, "debug | info | warn | error")->check(CLI::IsMember({"debug", "info", "warn", "error"}))->capture_default_str();
  logs->add_option("-n,--lines", *lines, "How many recent lines")->capture_default_str();
  logs->add_flag("--json", g.json, "One JSON object per line");
  logs->callback([&g, follow, min_level, lines] {
    auto ctx = load(g);
    if (!ctx) return;
    std::uint64_t after = 0;
    bool first = true;
    for (;;) {
      auto a = mt::control_request(ctx->tech.control_socket,
                                   {{"cmd", "logs"}, {"level", *min_level}, {"after", after}, {"max", first ? *lines : 5000}});
      if (!a || !a->value("ok", false)) {
        if (!first) return;  // the kiosk went away while following
        // Not running: its log is in the journal.
        std::fprintf(stderr, "kioskctl: the kiosk is not running; showing the journal\n");
        const std::string n = std::to_string(*lines);
        const std::string prio_s = *min_level == "error" ? "err" : *min_level == "warn" ? "warning" : *min_level;
        const char* prio = prio_s.c_str();
        if (*follow) execlp("journalctl", "journalctl", "-u", "onewindow-kiosk.service", "-n", n.c_str(), "-p", prio, "-f", nullptr);
        else execlp("journalctl", "journalctl", "-u", "onewindow-kiosk.service", "-n", n.c_str(), "-p", prio, "--no-pager", nullptr);
        std::fprintf(stderr, "kioskctl: journalctl not available\n");
        g.exit_code = 1;
        return;
      }
      for (const auto& l : (*a)["lines"]) {
        if (g.json) std::printf("%s\n", l.dump().c_str());
        else std::printf("%s %-5s %s: %s\n", s_or(l["time"]).c_str(), s_or(l["level"]).c_str(), s_or(l["component"]).c_str(),
                         s_or(l["message"]).c_str());
        after = std::max(after, json_int<std::uint64_t>(l, "seq").value_or(0));
      }
      std::fflush(stdout);
      first = false;
      if (!*follow) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
}

}  // namespace ow::kioskctl
