#include "kiosk/maintenance/technician_config.hpp"

#include <grp.h>

#include <toml++/toml.h>

#include <set>

#include "drivers/device_adapters.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/log.hpp"

namespace ow::maintenance {

namespace {
Result<drivers::DeviceSpec> read_device(const toml::table& t, std::size_t index) {
  const std::string where = "device #" + std::to_string(index + 1);
  drivers::DeviceSpec d;
  d.name = t["name"].value_or(std::string());
  d.family = t["family"].value_or(std::string());
  if (d.name.empty() || d.family.empty()) return fail(where + " needs a name and a family");
  static const std::set<std::string> kFamilies{"idcard", "receipt_printer", "a4_printer", "camera", "scanner", "sscard", "barcode"};
  if (!kFamilies.count(d.family)) return fail(where + ": unknown family \"" + d.family + "\"");
  d.transport = t["transport"].value_or(std::string());
  d.port = t["port"].value_or(std::string());
  for (auto [key, out] : {std::pair{"usb_vendor", &d.usb_vendor}, std::pair{"usb_product", &d.usb_product}}) {
    if (auto v = t[key].value<std::int64_t>()) {
      if (*v < 0 || *v > 0xFFFF) return fail(where + ": " + key + " must be 0..0xFFFF");
      *out = static_cast<std::uint16_t>(*v);
    }
  }
  if (const auto* opts = t["options"].as_table()) {
    for (const auto& [k, v] : *opts) {
      if (auto s = v.value<std::string>()) d.options[std::string(k.str())] = *s;
      else if (auto i = v.value<std::int64_t>()) d.options[std::string(k.str())] = std::to_string(*i);
      else if (auto b = v.value<bool>()) d.options[std::string(k.str())] = *b ? "1" : "0";
    }
  }
  if (auto ok = drivers::check_spec(d); !ok) return fail(where + " (\"" + d.name + "\") " + ok.error().message);
  return d;
}
}  // namespace

Result<TechnicianConfig> load_technician_config(const Config& config) {
  TechnicianConfig tc;
  tc.control_socket = config.data_dir / "kioskctl.sock";
  // The sections' devices under their fixed names ([idcard] is "idcard", [printer] "printer", …).
  tc.devices = section_device_specs(config);
  if (config.source.empty()) return tc;

  toml::table doc;
  try {
    doc = toml::parse_file(config.source.string());
  } catch (const toml::parse_error& e) {
    return fail("config " + config.source.string() + ": " + std::string(e.description()));
  }
  if (const auto* t = doc["technician"].as_table()) {
    if (auto v = (*t)["control_socket"].value<std::string>()) {
      std::filesystem::path p(*v);
      tc.control_socket = p.is_absolute() ? p : config.source.parent_path() / p;
    }
    if (auto v = (*t)["socket_group"].value<std::string>()) {
      if (!v->empty() && !::getgrnam(v->c_str()))
        return fail("technician.socket_group: group \"" + *v + "\" does not exist; create it (systemd-sysusers) or name an existing one");
      tc.socket_group = *v;
    }
    if (auto v = (*t)["idle_timeout_s"].value<std::int64_t>()) {
      if (*v < 30 || *v > 3600) return fail("technician.idle_timeout_s must be 30..3600");
      tc.idle_timeout_s = static_cast<int>(*v);
    }
  }
  if (const auto* arr = doc["device"].as_array()) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto* t = (*arr)[i].as_table();
      if (!t) return fail("device #" + std::to_string(i + 1) + " is not a table");
      auto d = read_device(*t, i);
      if (!d) return tl::unexpected(d.error());
      if (d->family == "camera" && is_face_camera(*d)) {
        log::warn("devices", "[[device]] \"" + d->name + "\" not listed: the face camera is the one in [face_camera]");
        continue;
      }
      for (const auto& other : tc.devices)
        if (other.name == d->name) return fail("two devices are named \"" + d->name + "\"");
      tc.devices.push_back(std::move(*d));
    }
  }
  return tc;
}

bool is_face_camera(const drivers::DeviceSpec& spec) {
  const auto it = spec.options.find("role");
  if (it != spec.options.end()) return it->second == "face";
  return spec.name.find("face") != std::string::npos;
}

}  // namespace ow::maintenance
