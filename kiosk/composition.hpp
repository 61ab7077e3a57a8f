#pragma once
// The composition root: the one place that knows every concrete driver and wires the kiosk —
// config → store → catalog → drivers → sync → the core and its feature controllers. ui/main.cpp
// calls it; tests call it with their own config.
#include <memory>

#include "kiosk/app/app_core.hpp"
#include "kiosk/config.hpp"
#include "kiosk/result.hpp"

namespace ow {

Result<std::unique_ptr<AppCore>> compose(Config config);

}  // namespace ow
