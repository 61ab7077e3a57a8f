#pragma once
// Devices given on kioskctl's command line go through the kiosk's builders: the flags make a
// DeviceSpec, check_spec checks it as the kiosk checks its config, and the error names the flag
// where the kiosk's names the config key (`--tcp: "abc:x" is not host:port`).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/device_adapters.hpp"
#include "kiosk/result.hpp"

namespace ow::kioskctl {

// Which flag set which spec field: {"port", "--tcp"}, {"options.baud", "--baud"}.
using FlagNames = std::vector<std::pair<std::string, std::string>>;

// The spec, when check_spec accepts it.
Result<drivers::DeviceSpec> checked_spec(drivers::DeviceSpec spec, const FlagNames& flags);
// The byte transport of the spec, checked first (idcard, receipt_printer, barcode).
Result<std::unique_ptr<drivers::Transport>> checked_transport(const drivers::DeviceSpec& spec, const FlagNames& flags);

}  // namespace ow::kioskctl
