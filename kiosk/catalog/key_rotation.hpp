#pragma once
// Rotating the catalog signing key (TUF-style): a rotation statement names the next public key and
// is signed by the key trusted now, so a kiosk that pinned the first key can follow any number of
// rotations, in order, without anyone touching its config.
//
//   "OWKEYROT" | format (1 byte, = 1) | statement length (4 bytes, big-endian) | statement (JSON)
//   | Ed25519 signature (64 bytes) over everything before it, by the key being replaced
//
// The statement: {"format": "onewindow.catalog-key-rotation/1", "sequence": N (1, 2, …),
// "old_key": hex, "new_key": hex, "created": RFC 3339, "expires": RFC 3339 (optional)}.
// Statements travel in front of a package (matterpack build --rotation): the platform serves the
// bytes unchanged, and a kiosk that missed any number of packages still finds the whole chain.
// Accepted statements are kept under <catalog dir>/key_rotations and verified again, from the
// pinned key, at every start: a file planted there cannot name a key the pinned one never signed.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog/package.hpp"

namespace ow::catalog {

struct RotationStatement {
  std::int64_t sequence = 0;
  PublicKey old_key{}, new_key{};
  std::string created, expires;  // expires empty: never
};

// Signs a statement with `old_secret` (whose public half must be statement.old_key).
std::string build_rotation(const RotationStatement& statement, const SecretKey& old_secret);

// The key a kiosk trusts now: the pinned key, moved on by every rotation accepted so far.
struct TrustedKey {
  PublicKey key{};
  std::int64_t sequence = 0;  // the last rotation accepted; 0: the pinned key
  std::string accepted;       // the accepted statements, in order, as they are kept on disk
  std::vector<PublicKey> keys;  // every key trusted so far, the pinned one first (packages staged before a rotation)
};

// The package behind any rotation statements in front of it (their signatures unchecked).
std::string_view without_rotations(std::string_view bytes);

// The pinned key followed along the statements kept under `catalog_dir` (each verified again).
TrustedKey load_trusted_key(const std::filesystem::path& catalog_dir, const PublicKey& pinned);

// Takes the rotation statements in front of `bytes` off, and returns the rest (the package).
// Each statement newer than `trusted` must be signed by the key trusted at that point and name it
// as old_key, and must not have expired at `now`; it then moves `trusted` on. Statements already
// accepted (sequence not newer) are skipped. Any other statement refuses the whole answer.
PkgResult<std::string_view> take_rotations(std::string_view bytes, TrustedKey& trusted, SysTime now);

// Keeps `trusted.accepted` under `catalog_dir` durably (written, fsynced, renamed).
PkgResult<void> save_trusted_key(const std::filesystem::path& catalog_dir, const TrustedKey& trusted);

}  // namespace ow::catalog
