#pragma once
// The kiosk config turned into the store's and the sync engine's plain settings (offline_store/
// knows nothing of kiosk/), shared by the kiosk and kioskctl.
#include "kiosk/config.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow {

store::StoreOptions store_options(const Config& config);
// The engine's own connection may commit without fsync: its transitions repeat idempotent requests.
store::SyncConfig sync_config(const Config& config);

}  // namespace ow
