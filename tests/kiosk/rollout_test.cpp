// Staged rollout: which ring a kiosk follows and from when, the ring arguments matterpack takes,
// rings signed with the manifest, a waiting package found again after a restart, the config's ring.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/catalog/rollout.hpp"
#include "kiosk/config.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace ow;
using namespace ow::catalog;

namespace {
SysTime at(const char* s) {
  SysTime t;
  REQUIRE(parse_time(s, t));
  return t;
}

Manifest two_rings() {
  Manifest m;
  m.version = 7;
  m.rollout = {{"pilot", "2026-12-08T09:00:00+08:00"}, {"all", "2026-12-09T09:00:00+08:00"}};
  return m;
}

const KeyPair& keys() {
  static const KeyPair k = generate_keypair();
  return k;
}

std::string package(std::int64_t version, std::vector<Ring> rollout) {
  static const auto files = *content_from_dir(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample");
  Manifest m;
  m.version = version;
  m.created = "2026-12-01T00:00:00Z";
  m.expires = "2099-01-01T00:00:00Z";
  m.min_kiosk_version = "0.0.1";
  m.title = "v" + std::to_string(version);
  m.rollout = std::move(rollout);
  return build_package(m, files, keys().secret);
}
}  // namespace

TEST_CASE("a kiosk follows its own ring, else the last one; a package without rollout is due at once") {
  const Manifest m = two_rings();
  const auto pilot = choose_ring(m, "pilot");
  CHECK(pilot.ring == "pilot");
  CHECK(pilot.listed);
  REQUIRE(pilot.start);
  CHECK(*pilot.start == at("2026-12-08T01:00:00Z"));

  const auto all = choose_ring(m, "all");
  CHECK(all.ring == "all");
  CHECK(*all.start == at("2026-12-09T01:00:00Z"));

  const auto unknown = choose_ring(m, "lab");  // not listed: with everyone, never early
  CHECK(unknown.ring == "all");
  CHECK_FALSE(unknown.listed);
  CHECK(*unknown.start == *all.start);
  CHECK(choose_ring(m, "").ring == "all");  // no ring configured

  CHECK_FALSE(is_due(pilot, at("2026-12-08T00:59:59Z")));
  CHECK(is_due(pilot, at("2026-12-08T01:00:00Z")));
  CHECK_FALSE(is_due(all, at("2026-12-08T12:00:00Z")));
  CHECK(is_due(all, at("2026-12-09T01:00:00Z")));

  Manifest plain;
  plain.version = 3;
  const auto none = choose_ring(plain, "pilot");
  CHECK(none.ring.empty());
  CHECK_FALSE(none.start);
  CHECK(is_due(none, at("1999-01-01T00:00:00Z")));
}

TEST_CASE("matterpack's --ring arguments: NAME=START in ring order, names [a-z0-9_-]+, starts rising with an offset") {
  auto ok = parse_ring_args({"pilot=2026-12-08T09:00+08:00", "all=2026-12-09T09:00:00+08:00"});
  REQUIRE_MESSAGE(ok, ok.error().message);
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[0].name == "pilot");
  CHECK((*ok)[0].start == "2026-12-08T09:00:00+08:00");  // seconds written out
  CHECK((*ok)[1].start == "2026-12-09T09:00:00+08:00");
  CHECK(parse_ring_args({})->empty());
  CHECK(parse_ring_args({"wave_1=2026-12-08T01:00:00Z", "wave-2=2026-12-08T02:00:00Z"}));

  auto refused = [](std::vector<std::string> args, const char* why) {
    auto r = parse_ring_args(args);
    REQUIRE_FALSE(r);
    CHECK_MESSAGE(r.error().message.find(why) != std::string::npos, r.error().message);
  };
  refused({"pilot=2026-12-09T09:00+08:00", "all=2026-12-08T09:00+08:00"}, "must rise");
  refused({"pilot=2026-12-08T09:00+08:00", "all=2026-12-08T01:00:00Z"}, "must rise");  // the same moment
  refused({"Pilot=2026-12-08T09:00+08:00"}, "[a-z0-9_-]+");
  refused({"pi lot=2026-12-08T09:00+08:00"}, "[a-z0-9_-]+");
  refused({"=2026-12-08T09:00+08:00"}, "[a-z0-9_-]+");
  refused({"pilot=2026-12-08T09:00+08:00", "pilot=2026-12-09T09:00+08:00"}, "twice");
  refused({"pilot=2026-12-08T09:00"}, "offset");  // local time: a different moment on every kiosk
  refused({"pilot=2026-12-08"}, "offset");
  refused({"pilot=tomorrow"}, "offset");
  refused({"pilot"}, "NAME=START");

  // The last ring must start while the package is still valid.
  CHECK(check_rollout_before(*ok, at("2026-12-31T00:00:00Z")));
  CHECK(check_rollout_before({}, at("2026-01-01T00:00:00Z")));
  auto late = check_rollout_before(*ok, at("2026-12-09T01:00:00Z"));
  REQUIRE_FALSE(late);
  CHECK(late.error().message.find("ring all") != std::string::npos);
}

TEST_CASE("rings are signed with the manifest; a package without them keeps the manifest it always had") {
  auto pkg = open_package(package(2, {{"pilot", "2026-12-08T09:00:00+08:00"}, {"all", "2026-12-09T09:00:00+08:00"}}), keys().pub);
  REQUIRE_MESSAGE(pkg, pkg.error().message);
  REQUIRE(pkg->manifest.rollout.size() == 2);
  CHECK(pkg->manifest.rollout[1].name == "all");
  CHECK(pkg->manifest.rollout[1].start == "2026-12-09T09:00:00+08:00");

  auto plain = open_package(package(2, {}), keys().pub);
  REQUIRE(plain);
  CHECK(plain->manifest.rollout.empty());
  CHECK_FALSE(nlohmann::json::parse(plain->manifest_json).contains("rollout"));

  // A signer that skipped the checks still cannot get a backwards rollout onto a kiosk.
  auto backwards = open_package(package(2, {{"pilot", "2026-12-09T09:00:00+08:00"}, {"all", "2026-12-08T09:00:00+08:00"}}), keys().pub);
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().code == PackageError::Malformed);

  // Moving a ring's start breaks the signature.
  std::string bytes = package(2, {{"pilot", "2026-12-08T09:00:00+08:00"}, {"all", "2026-12-09T09:00:00+08:00"}});
  const auto at_start = bytes.find("2026-12-09T09");
  REQUIRE(at_start != std::string::npos);
  bytes[at_start + 9] = '8';
  auto moved = open_package(bytes, keys().pub);
  REQUIRE_FALSE(moved);
  CHECK(moved.error().code == PackageError::BadSignature);
}

TEST_CASE("a package waiting for its ring is found again after a restart, and not once applied") {
  const TempDir dir("rollout");
  const SysTime now = at("2026-12-08T02:00:00Z");
  {
    Installer first(dir.path, keys().pub, OW_VERSION);
    REQUIRE(first.stage(package(1, {}), now));
    REQUIRE(first.apply_staged());
    REQUIRE(first.stage(package(2, {{"pilot", "2026-12-08T09:00:00+08:00"}, {"all", "2026-12-09T09:00:00+08:00"}}), now));
  }
  Installer again(dir.path, keys().pub, OW_VERSION);
  CHECK_FALSE(again.has_staged());
  auto found = again.restore_staged();
  REQUIRE(found);
  CHECK(found->version == 2);
  CHECK(found->rollout.size() == 2);
  CHECK(again.staged_version() == 2);
  REQUIRE(again.apply_staged());
  CHECK(again.state().current == 2);
  CHECK_FALSE(again.find_staged());
  // Rolled back from 2: 2 is not waiting again, and cannot be staged again.
  REQUIRE(again.rollback());
  CHECK_FALSE(again.find_staged());
  CHECK_FALSE(again.stage(package(2, {}), now));
}

TEST_CASE("the kiosk's ring comes from [catalog] ring") {
  const TempDir dir("rollout-config");
  const auto file = dir.path / "kiosk.toml";
  std::ofstream(file) << "[catalog]\nring = \"pilot\"\n";
  auto c = load_config(file);
  REQUIRE_MESSAGE(c, c.error().message);
  CHECK(c->catalog_ring == "pilot");
  CHECK(default_config().catalog_ring.empty());
  std::ofstream(file) << "[catalog]\nring = \"Pilot Kiosks\"\n";
  auto bad = load_config(file);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("catalog.ring") != std::string::npos);
}
