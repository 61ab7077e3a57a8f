#pragma once
// Installs verified catalog packages under <data_dir>/catalog/ so that a crash at any moment leaves
// either the old or the new catalog active, never a mix:
//
//   versions/<N>/content/…   the files of version N (plus manifest.json and package.pkg)
//   state.json              {"current": N, "previous": M, "highest_seen": H}: the commit point
//
// stage() verifies a package completely and writes version N beside the active one (each file
// fsynced, then the folder renamed into place); nothing the kiosk serves changes. apply_staged()
// commits by atomically replacing state.json — the new current, the old one kept as previous, and
// the highest version seen, all in one rename — and is called between sessions only.
// Rotation statements in front of a package move the trusted signing key on (key_rotation.hpp).
// rollback() makes the previous version current again. A package must be newer than both the
// current version and the highest ever applied, so a rollback cannot be undone by replaying an
// old package.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/key_rotation.hpp"
#include "kiosk/catalog/package.hpp"

namespace ow::catalog {

struct InstallState {
  std::int64_t current = 0, previous = 0, highest_seen = 0;  // 0: none
};

class Installer {
 public:
  Installer(std::filesystem::path catalog_dir, PublicKey key, std::string kiosk_version);

  PkgResult<Manifest> stage(std::string_view package_bytes, SysTime now);
  bool has_staged() const { return staged_.has_value(); }
  std::optional<std::int64_t> staged_version() const { return staged_; }
  // A version staged before a restart: the newest folder under versions/ newer than anything
  // applied whose package still verifies (stage() renames a folder into place only once complete).
  std::optional<Manifest> find_staged() const;
  // Takes it up again, so a package waiting for its rollout ring survives a restart.
  std::optional<Manifest> restore_staged();
  PkgResult<Manifest> apply_staged();
  // Forgets the staged package (its folder goes at the next stage or apply).
  void discard_staged() { staged_.reset(); }
  PkgResult<InstallState> rollback();

  InstallState state() const;
  // The rotations of the signing key accepted so far (0: the pinned key signs).
  std::int64_t key_rotations() const { return trusted_.sequence; }
  // The content folder of the active catalog, if a package has been applied.
  std::optional<std::filesystem::path> active_dir() const;
  std::optional<Manifest> manifest(std::int64_t version) const;

  // Test hook: called with the name of each durable step of stage/apply ("state-renamed", …).
  std::function<void(const char* step)> on_step;

 private:
  PkgResult<void> commit(const InstallState& s);
  void collect_garbage(const InstallState& s);
  void step(const char* name) const {
    if (on_step) on_step(name);
  }

  std::filesystem::path dir_;
  PublicKey pinned_;    // from the config
  TrustedKey trusted_;  // the pinned key moved on by the rotations accepted (key_rotation.hpp)
  std::string kiosk_version_;
  std::optional<std::int64_t> staged_;
};

// The catalog the kiosk should serve: the applied package under `catalog_dir` if there is one,
// else the source folder `fallback` (the sample shipped with the kiosk).
Result<Catalog> load_active_catalog(const std::filesystem::path& catalog_dir, const std::filesystem::path& fallback);

}  // namespace ow::catalog
