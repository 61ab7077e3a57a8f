#pragma once
// The kiosk's configuration and its store as kioskctl commands open them: a failure is printed
// and sets the exit code (2 for a bad config, 1 for a store that cannot be opened). Run as root,
// config_or_fail continues as the data dir's owner (tools/kioskctl/run_as_owner.hpp).
#include <memory>
#include <optional>

#include "kiosk/config.hpp"
#include "offline_store/store.hpp"
#include "tools/kioskctl/commands.hpp"

namespace ow::kioskctl {

std::optional<Config> config_or_fail(Globals& g);
std::unique_ptr<store::Store> open_store(Globals& g, const Config& c);

}  // namespace ow::kioskctl
