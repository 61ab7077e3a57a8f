#pragma once
// What the kiosk does to itself at start so that its memory stays its own: no core dumps (one would
// hold citizens' data and the data key) and no ptrace or /proc/<pid>/mem by other processes of its
// user (PR_SET_DUMPABLE 0). The unit's LimitCORE=0 says the same from outside; the vault's key
// pages are also marked MADV_DONTDUMP (offline_store/vault.hpp).
#include <string>
#include <tl/expected.hpp>

namespace ow {

// The error says what failed, for the log.
tl::expected<void, std::string> harden_process();

}  // namespace ow
