#pragma once
// A catalog package: one file that carries a signed manifest and the catalog's content files.
//
//   "OWCATPKG" | format (1 byte, = 1) | manifest length (4 bytes, big-endian) | manifest (JSON)
//   | Ed25519 signature (64 bytes) over everything before it | content files, in manifest order
//
// The manifest names the version (strictly increasing), creation and expiry times (RFC 3339 UTC),
// the minimum kiosk version, and the path, size and SHA-256 of every content file. Only the
// manifest is signed; each content file is bound to it by its hash and size.
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "kiosk/result.hpp"

namespace ow::catalog {

using PublicKey = std::array<unsigned char, 32>;
using SecretKey = std::array<unsigned char, 64>;
using SysTime = std::chrono::system_clock::time_point;

enum class PackageError {
  Malformed,      // not a package, or its manifest is not what the format says
  Truncated,      // ends before the content the manifest lists
  BadSignature,   // the manifest was not signed by the pinned key (tampered manifest, wrong key)
  ContentMismatch,  // a content file's size or SHA-256 differs from the manifest (tampered content)
  NotNewer,       // version not higher than the one applied or seen (rollback)
  Expired,
  KioskTooOld,    // the package needs a newer kiosk
  BadContent,     // signed and intact, but the catalog inside does not load
  Io,             // the kiosk could not write or read its catalog folder
  NothingToRollBack,
};

struct Rejection {
  PackageError code;
  std::string message;  // for technicians and logs: names what was wrong, never personal data
};

template <class T>
using PkgResult = tl::expected<T, Rejection>;

struct ManifestFile {
  std::string path;  // relative, e.g. "matters/social.json"
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex
};

// A rollout ring (docs/catalog.md, "Staged rollout"): kiosks configured for `name` apply the package
// from `start` (RFC 3339 with an offset, as the operator wrote it) on.
struct Ring {
  std::string name;
  std::string start;
};

struct Manifest {
  std::int64_t version = 0;
  std::string created, expires;  // RFC 3339, UTC ("2025-06-01T00:00:00Z")
  std::string min_kiosk_version;  // dotted numbers, e.g. "0.1.0"
  std::string title;
  std::vector<ManifestFile> files;
  std::vector<Ring> rollout;  // empty: every kiosk applies it at once
};

struct ContentFile {
  std::string path;
  std::string bytes;
};

struct Package {
  Manifest manifest;
  std::string manifest_json;  // exactly as signed
  std::vector<ContentFile> files;
};

std::string sha256_hex(std::string_view bytes);
std::string to_hex(const unsigned char* p, std::size_t n);

// Keys are stored as hex text files (the secret key file is created mode 0600).
struct KeyPair {
  PublicKey pub;
  SecretKey secret;
};
KeyPair generate_keypair();
Result<PublicKey> load_public_key(const std::filesystem::path& path);
Result<SecretKey> load_secret_key(const std::filesystem::path& path);
Result<void> save_keypair(const KeyPair& keys, const std::filesystem::path& dir);  // catalog.pub, catalog.key

// A content path a package may carry: relative, no "..", ASCII letters, digits, '.', '_', '-', '/'.
bool safe_content_path(std::string_view path);

// The content files of a catalog source folder (see catalog_files()), ready to package.
Result<std::vector<ContentFile>> content_from_dir(const std::filesystem::path& root);

// Builds the manifest (sizes and hashes filled in from `files`) and signs it.
std::string build_package(Manifest manifest, const std::vector<ContentFile>& files, const SecretKey& key);

// Parses a package and checks its signature against `key` and every file's size and hash.
PkgResult<Package> open_package(std::string_view bytes, const PublicKey& key);

// Whether a verified package may replace `applied_version` on this kiosk at `now`.
PkgResult<void> check_policy(const Manifest& m, std::int64_t applied_version, SysTime now, std::string_view kiosk_version);

// RFC 3339 (UTC "Z" or an offset) or a plain date (midnight UTC) to a time point.
bool parse_time(std::string_view s, SysTime& out);
std::string format_time(SysTime t);
// Compares dotted version numbers ("0.10.0" > "0.9.3"): <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

const char* to_string(PackageError e);

}  // namespace ow::catalog
