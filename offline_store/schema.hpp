#pragma once
// The versioned schema: each migration upgrades PRAGMA user_version by one, inside one transaction.
#include "offline_store/sqlite_db.hpp"
#include "offline_store/vault.hpp"

namespace ow::store {

inline constexpr int kSchemaVersion = 7;

// The outbox's tail: submissions committed and never tried. In no index; found by the newest keys.
inline constexpr const char* kTailCondition = "state = 'pending' AND next_attempt_ms = 0";

// Whether any row holds a sealed body (a purged row holds none), in any schema version.
StoreResult<bool> has_sealed_rows(SqliteDb& db);

// Brings the database to kSchemaVersion. A database newer than this build is refused.
StoreResult<void> migrate(SqliteDb& db, const Vault& vault);

}  // namespace ow::store
