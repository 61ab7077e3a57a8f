#pragma once
// The device status model shared by every family (after XFS4IoT / UnifiedPOS).
#include <cstdint>
#include <string>
#include <string_view>

namespace ow::drivers {

enum class DeviceState { Online, Offline, Busy, HardwareError, UserError, NoDevice };

// UnifiedPOS checkHealth levels: internal does no I/O, external talks to the device,
// interactive needs a person (a test print, a test card).
enum class HealthLevel { Internal, External, Interactive };

struct HealthResult {
  bool passed = false;
  std::string text;  // for the technician
};

struct DeviceCounters {
  std::uint64_t operations = 0;
  std::uint64_t errors = 0;
  std::string last_error;
};

std::string_view to_string(DeviceState state);
std::string_view to_string(HealthLevel level);

}  // namespace ow::drivers
