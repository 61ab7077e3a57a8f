#pragma once
// The technician side of the config file: `[[device]]` entries for the device manager and the
// `[technician]` section (control socket, maintenance idle timeout). Read from the same kiosk.toml
// the rest of the config comes from.
#include <filesystem>
#include <string>
#include <vector>

#include "drivers/device_manager.hpp"
#include "kiosk/config.hpp"
#include "kiosk/result.hpp"

namespace ow::maintenance {

struct TechnicianConfig {
  std::filesystem::path control_socket;  // default <data_dir>/kioskctl.sock
  // The socket's group (mode 0660) and the users besides root and the kiosk's own who may use it.
  // Empty: the kiosk's own group. A group that does not exist fails the config (a typo would
  // otherwise lock the technicians out, or leave the socket in a group nobody meant).
  std::string socket_group;
  int idle_timeout_s = 300;              // the maintenance session ends after this without a touch
  // The sections' devices (kiosk/devices.hpp: [idcard], [sscard], [printer], [barcode],
  // [face_camera]) and the [[device]] entries, each as a checked DeviceSpec.
  std::vector<drivers::DeviceSpec> devices;
};

// From `config.source` (defaults when the config has no file).
Result<TechnicianConfig> load_technician_config(const Config& config);

// Which way a camera looks: options.role = "face" | "document"; without it, a camera whose name
// says "face" is the face camera.
bool is_face_camera(const drivers::DeviceSpec& spec);

}  // namespace ow::maintenance
