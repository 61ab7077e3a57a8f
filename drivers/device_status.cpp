#include "drivers/device_status.hpp"

namespace ow::drivers {

std::string_view to_string(DeviceState state) {
  switch (state) {
    case DeviceState::Online: return "online";
    case DeviceState::Offline: return "offline";
    case DeviceState::Busy: return "busy";
    case DeviceState::HardwareError: return "hardware_error";
    case DeviceState::UserError: return "user_error";
    case DeviceState::NoDevice: return "no_device";
  }
  return "unknown";
}

std::string_view to_string(HealthLevel level) {
  switch (level) {
    case HealthLevel::Internal: return "internal";
    case HealthLevel::External: return "external";
    case HealthLevel::Interactive: return "interactive";
  }
  return "unknown";
}

}  // namespace ow::drivers
