// Issue 24 item 12: the catalog signing key rotated by a statement the pinned key signed (accepted,
// kept across restarts; a forged one refused; the old key refused afterwards).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/catalog/key_rotation.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace ow;
using namespace ow::catalog;

namespace {
const SysTime kNow = [] {
  SysTime t;
  parse_time("2026-12-08T02:00:00Z", t);
  return t;
}();

std::string package(std::int64_t version, const SecretKey& key) {
  static const auto files = *content_from_dir(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample");
  Manifest m;
  m.version = version;
  m.created = "2026-12-01T00:00:00Z";
  m.expires = "2099-01-01T00:00:00Z";
  m.min_kiosk_version = "0.0.1";
  m.title = "v" + std::to_string(version);
  return build_package(m, files, key);
}

std::string rotation(std::int64_t sequence, const KeyPair& from, const KeyPair& to, const SecretKey& signer,
                     std::string expires = {}) {
  RotationStatement s;
  s.sequence = sequence;
  s.old_key = from.pub;
  s.new_key = to.pub;
  s.created = "2026-12-01T00:00:00Z";
  s.expires = std::move(expires);
  return build_rotation(s, signer);
}

struct Keys {
  KeyPair pinned = generate_keypair(), next = generate_keypair(), third = generate_keypair(), stranger = generate_keypair();
};
}  // namespace

TEST_CASE("a rotation statement signed by the pinned key hands signing to the new key, also after a restart") {
  const TempDir dir("keyrot");
  const Keys k;
  {
    Installer kiosk(dir.path, k.pinned.pub, OW_VERSION);
    REQUIRE(kiosk.stage(package(1, k.pinned.secret), kNow));
    REQUIRE(kiosk.apply_staged());
    // The statement travels in front of the first package the new key signs.
    auto staged = kiosk.stage(rotation(1, k.pinned, k.next, k.pinned.secret) + package(2, k.next.secret), kNow);
    REQUIRE_MESSAGE(staged, staged.error().message);
    CHECK(kiosk.key_rotations() == 1);
    REQUIRE(kiosk.apply_staged());
  }
  // Restarted with the same pinned key in its config: the new key is still trusted, without the statement.
  Installer again(dir.path, k.pinned.pub, OW_VERSION);
  CHECK(again.key_rotations() == 1);
  auto next = again.stage(package(3, k.next.secret), kNow);
  REQUIRE_MESSAGE(next, next.error().message);
  // The applied version the old key signed before the rotation still reads (status, rollback).
  CHECK(again.manifest(1).has_value());
  // A second rotation follows the first; a kiosk that missed both takes the chain in one package.
  const std::string chain = rotation(1, k.pinned, k.next, k.pinned.secret) + rotation(2, k.next, k.third, k.next.secret);
  const TempDir fresh("keyrot-fresh");
  Installer late(fresh.path, k.pinned.pub, OW_VERSION);
  auto caught_up = late.stage(chain + package(4, k.third.secret), kNow);
  REQUIRE_MESSAGE(caught_up, caught_up.error().message);
  CHECK(late.key_rotations() == 2);
}

TEST_CASE("a rotation statement not signed by the trusted key is refused, and so is the package behind it") {
  const TempDir dir("keyrot-forged");
  const Keys k;
  Installer kiosk(dir.path, k.pinned.pub, OW_VERSION);
  // Signed by the stranger's own key, claiming to replace the pinned one.
  auto forged = kiosk.stage(rotation(1, k.pinned, k.stranger, k.stranger.secret) + package(2, k.stranger.secret), kNow);
  REQUIRE_FALSE(forged);
  CHECK(forged.error().code == PackageError::BadSignature);
  CHECK(kiosk.key_rotations() == 0);
  // Signed by the stranger, naming itself as the key replaced.
  auto self = kiosk.stage(rotation(1, k.stranger, k.stranger, k.stranger.secret) + package(2, k.stranger.secret), kNow);
  CHECK_FALSE(self);
  // Properly signed but expired: refused too.
  auto expired = kiosk.stage(rotation(1, k.pinned, k.next, k.pinned.secret, "2026-12-01T12:00:00Z") + package(2, k.next.secret), kNow);
  REQUIRE_FALSE(expired);
  CHECK(expired.error().code == PackageError::Expired);
  CHECK(kiosk.key_rotations() == 0);
  // A statement planted in the data dir is not trusted at the next start.
  std::ofstream(dir.path / "key_rotations", std::ios::binary) << rotation(1, k.pinned, k.stranger, k.stranger.secret);
  Installer restarted(dir.path, k.pinned.pub, OW_VERSION);
  CHECK(restarted.key_rotations() == 0);
  CHECK_FALSE(restarted.stage(package(2, k.stranger.secret), kNow));
  CHECK(restarted.stage(package(2, k.pinned.secret), kNow));
}

TEST_CASE("after a rotation a package signed by the old key is refused") {
  const TempDir dir("keyrot-old");
  const Keys k;
  Installer kiosk(dir.path, k.pinned.pub, OW_VERSION);
  REQUIRE(kiosk.stage(rotation(1, k.pinned, k.next, k.pinned.secret) + package(1, k.next.secret), kNow));
  REQUIRE(kiosk.apply_staged());
  auto old = kiosk.stage(package(2, k.pinned.secret), kNow);
  REQUIRE_FALSE(old);
  CHECK(old.error().code == PackageError::BadSignature);
}
