#pragma once
// The composition root: the one place that wires the kiosk — config → store → catalog → drivers
// (every one built and owned by the device manager, kiosk/devices.hpp) → the core and its feature
// controllers, subscribed to the drivers' events → sync. ui/main.cpp calls it; tests call it with
// their own config, and may hand in a manager built over fake transports.
#include <memory>

#include "drivers/device_manager.hpp"
#include "kiosk/app/app_core.hpp"
#include "kiosk/config.hpp"
#include "kiosk/result.hpp"

namespace ow {

// `devices`: the kiosk's device manager, built from `config`; null: built here.
Result<std::unique_ptr<AppCore>> compose(Config config, std::unique_ptr<drivers::DeviceManager> devices = nullptr);

}  // namespace ow
