#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

#include <sodium.h>

#include "kiosk/catalog/installer.hpp"

namespace fs = std::filesystem;
using namespace ow::catalog;
using namespace std::chrono_literals;

namespace {
const fs::path kSample = fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample";
const SysTime kNow = [] {
  SysTime t;
  parse_time("2025-06-15T08:00:00Z", t);
  return t;
}();

const KeyPair& keys() {
  static const KeyPair k = generate_keypair();
  return k;
}

std::vector<ContentFile> sample_files() {
  static const std::vector<ContentFile> files = *content_from_dir(kSample);
  return files;
}

std::string make(std::int64_t version, std::string expires = "2026-01-01T00:00:00Z", std::string min_kiosk = "0.1.0",
                 std::vector<ContentFile> files = sample_files(), const SecretKey& key = keys().secret) {
  Manifest m;
  m.version = version;
  m.created = "2025-06-01T00:00:00Z";
  m.expires = std::move(expires);
  m.min_kiosk_version = std::move(min_kiosk);
  m.title = "test";
  return build_package(m, files, key);
}

PackageError rejected(std::string_view bytes, std::int64_t applied = 0, const PublicKey& key = keys().pub) {
  auto pkg = open_package(bytes, key);
  if (!pkg) return pkg.error().code;
  auto ok = check_policy(pkg->manifest, applied, kNow, "0.1.0");
  REQUIRE_FALSE_MESSAGE(ok, "package accepted");
  return ok.error().code;
}

fs::path fresh_dir(const char* name) {
  const auto d = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Which version the active catalog is, after checking its files are exactly that version's.
std::int64_t active_version(const fs::path& dir) {
  Installer inst(dir, keys().pub, "0.1.0");
  const auto s = inst.state();
  if (s.current == 0) return 0;
  auto m = inst.manifest(s.current);
  REQUIRE(m);
  for (const auto& f : m->files) {
    std::ifstream in(*inst.active_dir() / f.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK_MESSAGE(sha256_hex(bytes) == f.sha256, f.path);
  }
  auto c = load_active_catalog(dir, kSample);
  REQUIRE(c);
  CHECK(c->version == std::to_string(s.current));
  return s.current;
}
}  // namespace

TEST_CASE("a package signed with the pinned key opens with every file intact") {
  const std::string bytes = make(3);
  auto pkg = open_package(bytes, keys().pub);
  REQUIRE_MESSAGE(pkg, pkg.error().message);
  CHECK(pkg->manifest.version == 3);
  CHECK(pkg->files.size() == sample_files().size());
  CHECK(pkg->files[0].bytes == sample_files()[0].bytes);
  CHECK(check_policy(pkg->manifest, 2, kNow, "0.1.0"));
}

TEST_CASE("every way a package can be wrong is rejected with its own reason") {
  const std::string good = make(5);
  const std::size_t content_start = good.size() - [] {
    std::size_t n = 0;
    for (const auto& f : sample_files()) n += f.bytes.size();
    return n;
  }();

  SUBCASE("tampered content") {
    std::string bad = good;
    bad[content_start + 40] ^= 0x01;
    CHECK(rejected(bad) == PackageError::ContentMismatch);
  }
  SUBCASE("tampered manifest") {
    std::string bad = good;
    const auto at = bad.find("\"version\": 5");
    REQUIRE(at != std::string::npos);
    bad[at + 11] = '9';  // claim version 9
    CHECK(rejected(bad) == PackageError::BadSignature);
  }
  SUBCASE("wrong key") {
    CHECK(rejected(good, 0, generate_keypair().pub) == PackageError::BadSignature);
    const KeyPair other = generate_keypair();
    CHECK(rejected(make(5, "2026-01-01T00:00:00Z", "0.1.0", sample_files(), other.secret)) == PackageError::BadSignature);
  }
  SUBCASE("rollback to an older or the same version") {
    CHECK(rejected(good, 5) == PackageError::NotNewer);
    CHECK(rejected(good, 6) == PackageError::NotNewer);
  }
  SUBCASE("expired") { CHECK(rejected(make(5, "2025-06-15T07:59:59Z")) == PackageError::Expired); }
  SUBCASE("needs a newer kiosk") { CHECK(rejected(make(5, "2026-01-01T00:00:00Z", "0.10.0")) == PackageError::KioskTooOld); }
  SUBCASE("truncated anywhere") {
    for (std::size_t cut : {std::size_t{10}, std::size_t{20}, content_start - 10, content_start + 1, good.size() - 1})
      CHECK_MESSAGE(rejected(good.substr(0, cut)) == PackageError::Truncated, "cut at " << cut);
    CHECK(rejected(good.substr(0, 4)) == PackageError::Malformed);
  }
  SUBCASE("bytes after the last file") { CHECK(rejected(good + "x") == PackageError::ContentMismatch); }
  SUBCASE("a signed manifest naming a path outside the catalog") {
    CHECK(rejected(make(5, "2026-01-01T00:00:00Z", "0.1.0", {{"../../etc/passwd", "x"}})) == PackageError::Malformed);
  }
  SUBCASE("not a package at all") { CHECK(rejected("hello world, this is not a package") == PackageError::Malformed); }
}

TEST_CASE("the installer stages, applies between sessions, keeps the previous version and rolls back") {
  const auto dir = fresh_dir("ow-catalog-install");
  Installer inst(dir, keys().pub, "0.1.0");
  CHECK(inst.state().current == 0);
  CHECK(load_active_catalog(dir, kSample)->version == "sample");  // nothing applied: the shipped sample

  REQUIRE(inst.stage(make(1), kNow));
  CHECK(inst.state().current == 0);  // staged, not yet served
  REQUIRE(inst.apply_staged());
  CHECK(active_version(dir) == 1);

  auto staged = inst.stage(make(2), kNow);
  REQUIRE(staged);
  CHECK(inst.state().highest_seen == 1);  // seen only counts once applied
  REQUIRE(inst.apply_staged());
  CHECK(active_version(dir) == 2);
  CHECK(inst.state().previous == 1);

  auto back = inst.rollback();
  REQUIRE(back);
  CHECK(active_version(dir) == 1);
  CHECK(inst.state().highest_seen == 2);
  CHECK(inst.rollback().error().code == PackageError::NothingToRollBack);
  CHECK(inst.stage(make(2), kNow).error().code == PackageError::NotNewer);  // no replaying a withdrawn version
  REQUIRE(inst.stage(make(3), kNow));
  REQUIRE(inst.apply_staged());
  CHECK(active_version(dir) == 3);
  CHECK(inst.state().previous == 1);
  // Only the current and previous versions are kept on disk.
  std::size_t kept = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "versions")) ++kept;
  CHECK(kept == 2);
  fs::remove_all(dir);
}

TEST_CASE("a signed package whose catalog does not load is refused and changes nothing") {
  const auto dir = fresh_dir("ow-catalog-badcontent");
  Installer inst(dir, keys().pub, "0.1.0");
  REQUIRE(inst.stage(make(1), kNow));
  REQUIRE(inst.apply_staged());
  auto files = sample_files();
  files.back().bytes = "{\"matters\": [{\"code\": 1}]}";
  auto r = inst.stage(make(2, "2026-01-01T00:00:00Z", "0.1.0", files), kNow);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == PackageError::BadContent);
  CHECK_FALSE(inst.has_staged());
  CHECK(active_version(dir) == 1);
  CHECK(inst.state().highest_seen == 1);
  fs::remove_all(dir);
}

TEST_CASE("a crash at any step of staging or applying leaves the old or the new catalog, never a mix") {
  const auto dir = fresh_dir("ow-catalog-crash");
  {
    Installer inst(dir, keys().pub, "0.1.0");
    REQUIRE(inst.stage(make(1), kNow));
    REQUIRE(inst.apply_staged());
  }
  std::int64_t next = 2;
  // Deterministic: die right after each durable step. Then random: SIGKILL from outside at random times.
  const char* steps[] = {"files-written", "staged", "state-written", "state-renamed", "state-synced"};
  auto run_child = [&](const std::string& pkg, const char* die_at) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      Installer inst(dir, keys().pub, "0.1.0");
      inst.on_step = [die_at](const char* s) {
        if (die_at && std::string(s) == die_at) ::raise(SIGKILL);
      };
      if (inst.stage(pkg, kNow)) (void)inst.apply_staged();
      ::_exit(0);
    }
    return pid;
  };
  for (const char* step : steps) {
    const std::int64_t before = active_version(dir);
    int status = 0;
    ::waitpid(run_child(make(next), step), &status, 0);
    CHECK(WIFSIGNALED(status));
    const std::int64_t after = active_version(dir);
    CHECK_MESSAGE((after == before || after == next), "after dying at " << step);
    if (std::string(step) == "state-renamed" || std::string(step) == "state-synced") CHECK(after == next);
    if (after == next) ++next;
  }
  std::mt19937 rng(42);
  for (int i = 0; i < 8; ++i) {
    const std::int64_t before = active_version(dir);
    const std::string pkg = make(next);
    const pid_t pid = run_child(pkg, nullptr);
    ::usleep(std::uniform_int_distribution<unsigned>(0, 20000)(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const std::int64_t after = active_version(dir);
    CHECK((after == before || after == next));
    if (after == next) ++next;
  }
  // After all that, the next package still installs cleanly.
  Installer inst(dir, keys().pub, "0.1.0");
  REQUIRE(inst.stage(make(next), kNow));
  REQUIRE(inst.apply_staged());
  CHECK(active_version(dir) == next);
  fs::remove_all(dir);
}

TEST_CASE("times outside 1970–2200 are not times a manifest may carry") {
  SysTime t;
  CHECK(parse_time("2025-06-15", t));
  CHECK(parse_time("2025-06-15T08:00:00+08:00", t));
  CHECK(format_time(t) == "2025-06-15T00:00:00Z");
  CHECK_FALSE(parse_time("0000-01-01T00:00:00Z", t));  // found by the fuzzer: overflowed nanoseconds
  CHECK_FALSE(parse_time("9999-01-01", t));
  CHECK_FALSE(parse_time("2025-13-01", t));
  CHECK_FALSE(parse_time("2025-06-15T08:00:00", t));  // no zone
  CHECK(compare_versions("0.10.0", "0.9.3") > 0);
  CHECK(compare_versions("1.0", "1.0.0") == 0);
}

namespace {
// A package around a hand-written manifest, signed with the test key (build_package writes only
// manifests that are valid by construction).
std::string signed_with_manifest(const std::string& manifest) {
  std::string pkg = "OWCATPKG";
  pkg += static_cast<char>(1);
  for (int shift = 24; shift >= 0; shift -= 8) pkg += static_cast<char>((manifest.size() >> shift) & 0xFF);
  pkg += manifest;
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(pkg.data()), pkg.size(), keys().secret.data());
  pkg.append(reinterpret_cast<const char*>(sig), sizeof sig);
  return pkg;
}
}  // namespace

TEST_CASE("manifest numbers out of range are malformed, never converted (fuzz findings of issue 27)") {
  auto manifest = [](std::string format, std::string version, std::string size = "0") {
    return R"({"format": )" + format + R"(, "version": )" + version +
           R"(, "created": "2025-06-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z", "min_kiosk_version": "0.1.0",)"
           R"( "files": [{"path": "catalog.json", "size": )" + size + R"(, "sha256": ")" + std::string(64, '0') + R"("}]})";
  };
  auto code = [](const std::string& m) -> std::optional<PackageError> {
    auto pkg = open_package(signed_with_manifest(m), keys().pub);
    if (pkg) return std::nullopt;
    return pkg.error().code;
  };
  // The well-formed one gets as far as its (empty) content, so the numbers were read.
  CHECK(code(manifest("1", "2")) == PackageError::ContentMismatch);
  CHECK(code(manifest("44444444444444444444414444444", "2")) == PackageError::Malformed);  // a float far beyond int
  CHECK(code(manifest("4294967297", "2")) == PackageError::Malformed);  // 2^32 + 1: get<int>() made it 1
  CHECK(code(manifest("1.0", "2")) == PackageError::Malformed);
  CHECK(code(manifest("1", "2" + std::string(300, '3'))) == PackageError::Malformed);  // the crash input's version
  CHECK(code(manifest("1", "18446744073709551615")) == PackageError::Malformed);  // get<int64_t>() made it -1
  CHECK(code(manifest("1", "-1")) == PackageError::Malformed);
  CHECK(code(manifest("1", "2", "1e30")) == PackageError::Malformed);
  CHECK(code(manifest("1", "2", "-5")) == PackageError::Malformed);
}
