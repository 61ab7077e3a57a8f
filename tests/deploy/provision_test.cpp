// kioskctl provision against the platform emulator's enrolment endpoint (POST /v1/kiosks/{id}/csr),
// whose CA comes from tools/dev-certs.sh; then the issued certificate is used for mutual TLS.
#include <doctest/doctest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "kiosk/config.hpp"
#include "tests/integration/sync_fixture.hpp"
#include "tools/bench/notify_listener.hpp"

namespace fs = std::filesystem;

namespace {
const std::string kToken = "enrol-7f3a";
const std::string kCatalogKey = std::string(64, 'a');

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

// platform-emu in plain HTTP with enrolment on, signing with the dev CA in dir/ca.
struct Platform {
  explicit Platform(const fs::path& dir)
      : ca(ow::synctest::make_certs(dir / "ca", "K1")),
        emu({"--enrol-ca-cert", (ca / "ca.pem").string(), "--enrol-ca-key", (ca / "ca.key").string(), "--enrol-token", kToken,
             "--catalog-pubkey", write_key(dir)},
            ca, true) {}
  static std::string write_key(const fs::path& dir) {
    std::ofstream(dir / "catalog.pub.hex") << kCatalogKey << "\n";
    return (dir / "catalog.pub.hex").string();
  }
  std::string url() const { return emu.url(); }
  int signed_count() const { return emu.get("/admin/enrolments").value("issued", -1); }

  fs::path ca;
  ow::synctest::Emulator emu;
};

// Runs a shell line (kioskctl with its stdin or stderr redirected); its exit code.
int sh(const std::string& line) {
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string owner_of(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 ? std::to_string(st.st_uid) + ":" + std::to_string(st.st_gid) : "missing";
}

int kioskctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {OW_KIOSKCTL_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = ow::testing::spawn_with_env(argv, {});
  REQUIRE(pid > 0);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST_CASE("provision enrols the kiosk: keys, certificate, CA, catalog key, config") {
  const fs::path dir = fs::temp_directory_path() / ("ow-provision-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "etc");
  Platform platform(dir);
  // The installed config, with this test's folders.
  std::string conf = slurp(OW_SOURCE_DIR "/assets/config/kiosk.toml");
  conf = std::regex_replace(conf, std::regex("\ndata_dir = \"[^\"]*\""), "\ndata_dir = \"" + (dir / "data").string() + "\"");
  conf = std::regex_replace(conf, std::regex("\ncatalog_pubkey = \"[^\"]*\""),
                            "\ncatalog_pubkey = \"" + (dir / "etc" / "catalog.pub").string() + "\"");
  const fs::path config = dir / "etc" / "kiosk.toml";
  std::ofstream(config) << conf;
  const auto comments_before = std::count(conf.begin(), conf.end(), '#');
  const std::string id = "KIOSK-3301-0042";
  // The enrolment token comes from a file (or stdin), never argv.
  const fs::path token = dir / "token", wrong_token = dir / "wrong-token";
  std::ofstream(token) << kToken << "\n";
  std::ofstream(wrong_token) << "nope\n";

  SUBCASE("a wrong token installs nothing") {
    CHECK(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token-file", wrong_token.string(),
                    "--insecure-dev"}) == 1);
    CHECK_FALSE(fs::exists(dir / "data" / "tls" / "kiosk.pem"));
    CHECK(slurp(config) == conf);
  }
  SUBCASE("plain http needs --insecure-dev, and ids are checked") {
    CHECK(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id}) == 2);
    CHECK(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", "a/b",
                    "--insecure-dev"}) == 2);
    CHECK(platform.signed_count() == 0);
  }
  SUBCASE("a good enrolment") {
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token-file",
                      token.string(), "--insecure-dev"}) == 0);
    const fs::path tls = dir / "data" / "tls";
    CHECK(mode_of(dir / "data" / "store.key") == 0600);
    CHECK(mode_of(tls / "kiosk.key") == 0600);
    CHECK(mode_of(tls) == 0700);
    CHECK(fs::exists(tls / "kiosk.pem"));
    CHECK(fs::exists(tls / "ca.pem"));
    CHECK_FALSE(fs::exists(tls / "kiosk.csr"));
    CHECK(slurp(dir / "etc" / "catalog.pub") == kCatalogKey + "\n");
    CHECK(std::system(("openssl verify -CAfile " + (tls / "ca.pem").string() + " " + (tls / "kiosk.pem").string() +
                       " > /dev/null")
                          .c_str()) == 0);
    auto c = ow::load_config(config);
    REQUIRE(c);
    CHECK(c->kiosk_id == id);
    CHECK(c->platform.url == platform.url());
    CHECK(c->platform.insecure_dev);
    CHECK(c->platform.cert_file == tls / "kiosk.pem");
    CHECK(c->platform.key_file == tls / "kiosk.key");
    CHECK(c->platform.ca_file == tls / "ca.pem");
    const std::string after = slurp(config);
    CHECK(std::count(after.begin(), after.end(), '#') >= comments_before - 3);  // the examples it filled in
    CHECK(after.find("[maintenance]") != std::string::npos);
    CHECK(kioskctl({"--config", config.string(), "config", "check"}) == 0);

    // Again: the key pair is kept (the platform may have it pinned) unless --renew.
    const std::string key = slurp(tls / "kiosk.key");
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token-file",
                      token.string(), "--insecure-dev"}) == 0);
    CHECK(slurp(tls / "kiosk.key") == key);
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token-file",
                      token.string(), "--insecure-dev", "--renew"}) == 0);
    CHECK(slurp(tls / "kiosk.key") != key);
    CHECK(platform.signed_count() == 3);

    // The issued certificate opens mutual TLS with a platform whose client CA is the enrolment CA.
    ow::synctest::Emulator tls_platform({}, platform.ca, false);
    auto endpoint = tls_platform.endpoint();
    endpoint.cert_file = tls / "kiosk.pem";
    endpoint.key_file = tls / "kiosk.key";
    endpoint.ca_file = tls / "ca.pem";
    auto client = ow::store::PlatformClient::create(endpoint);
    REQUIRE(client);
    const auto answer = (*client)->request("POST", "/v1/kiosks/" + id + "/heartbeat", R"({"version":"test"})");
    CHECK(answer.status == 200);
  }
  const std::string base = std::string(OW_KIOSKCTL_BIN) + " --config " + config.string() + " provision --platform " +
                           platform.url() + " --kiosk-id " + id + " --insecure-dev";
  const fs::path err = dir / "stderr.txt";
  SUBCASE("the token is never taken from argv; a file or stdin gives it") {
    CHECK(sh(base + " --token " + kToken + " 2> " + err.string()) == 2);
    CHECK(slurp(err).find("--token-file") != std::string::npos);
    CHECK(platform.signed_count() == 0);
    CHECK(sh("echo " + kToken + " | " + base + " --token-file - > /dev/null") == 0);
    CHECK(platform.signed_count() == 1);
    CHECK(fs::exists(dir / "data" / "tls" / "kiosk.pem"));
  }
  SUBCASE("--renew keeps the old key and certificate until the new pair is installed") {
    REQUIRE(sh(base + " --token-file " + token.string() + " > /dev/null") == 0);
    const fs::path tls = dir / "data" / "tls";
    const std::string key = slurp(tls / "kiosk.key"), cert = slurp(tls / "kiosk.pem");
    // The platform refuses the renewal: the old pair stays, and no new key lies about.
    CHECK(sh(base + " --renew --token-file " + wrong_token.string() + " 2> /dev/null") == 1);
    CHECK(slurp(tls / "kiosk.key") == key);
    CHECK(slurp(tls / "kiosk.pem") == cert);
    for (const auto& e : fs::directory_iterator(tls)) CHECK(e.path().extension() != ".new");
    // Accepted: a new pair, the certificate for the new key.
    REQUIRE(sh(base + " --renew --token-file " + token.string() + " > /dev/null") == 0);
    CHECK(slurp(tls / "kiosk.key") != key);
    CHECK(slurp(tls / "kiosk.pem") != cert);
    CHECK(sh("openssl x509 -in " + (tls / "kiosk.pem").string() + " -noout -pubkey > " + (dir / "a.pub").string() +
             " && openssl pkey -in " + (tls / "kiosk.key").string() + " -pubout > " + (dir / "b.pub").string()) == 0);
    CHECK(slurp(dir / "a.pub") == slurp(dir / "b.pub"));
    CHECK(mode_of(tls / "kiosk.key") == 0600);
  }
  SUBCASE("root follows no symlink the kiosk user planted under the data dir") {
    // The kiosk user owns the data dir: it can swap tls for a link to /etc, or plant a temp file.
    const fs::path victim = dir / "victim";
    fs::create_directories(victim);
    fs::permissions(victim, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
    std::ofstream(victim / "passwd") << "root:x:0:0\n";
    fs::create_directories(dir / "data");
    fs::create_directory_symlink(victim, dir / "data" / "tls");
    CHECK(sh(base + " --token-file " + token.string() + " > /dev/null 2> " + err.string()) == 1);
    CHECK(slurp(err).find("symbolic link") != std::string::npos);
    CHECK(mode_of(victim) == 0755);
    CHECK(slurp(victim / "passwd") == "root:x:0:0\n");
    CHECK_FALSE(fs::exists(victim / "kiosk.key"));
    CHECK_FALSE(fs::exists(victim / "kiosk.pem"));
    CHECK(platform.signed_count() == 0);

    // A real tls folder, but the temp names point at a victim file.
    fs::remove(dir / "data" / "tls");
    fs::create_directories(dir / "data" / "tls");
    for (const char* name : {"kiosk.key.new", "kiosk.pem.new", "ca.pem.new"})
      fs::create_symlink(victim / "passwd", dir / "data" / "tls" / name);
    CHECK(sh(base + " --token-file " + token.string() + " > /dev/null 2> " + err.string()) == 1);
    CHECK(slurp(err).find("symbolic link") != std::string::npos);
    CHECK(slurp(victim / "passwd") == "root:x:0:0\n");
    CHECK(mode_of(victim / "passwd") == 0644);
    CHECK_FALSE(fs::exists(dir / "data" / "tls" / "kiosk.pem"));
  }
  SUBCASE("what provision writes under the data dir belongs to the data dir's owner") {
    if (::geteuid() != 0) return;  // needs root to hand files to another user
    const passwd* nobody = ::getpwnam("nobody");
    REQUIRE(nobody);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::create_directories(dir / "data");
    REQUIRE(::chown((dir / "data").c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
    REQUIRE(sh(base + " --token-file " + token.string() + " > /dev/null") == 0);
    const std::string owner = std::to_string(nobody->pw_uid) + ":" + std::to_string(nobody->pw_gid);
    for (const char* f : {"store.key", "tls", "tls/kiosk.key", "tls/kiosk.pem", "tls/ca.pem"}) {
      CAPTURE(f);
      CHECK(owner_of(dir / "data" / f) == owner);
    }
  }
  SUBCASE("a CSR naming another kiosk is refused") {
    fs::create_directories(dir / "other");
    const std::string key = (dir / "other" / "k.key").string(), csr = (dir / "other" / "k.csr").string();
    REQUIRE(std::system(("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + key + " 2>/dev/null").c_str()) == 0);
    REQUIRE(std::system(("openssl req -new -key " + key + " -subj /CN=KIOSK-OTHER -out " + csr).c_str()) == 0);
    const std::string body = nlohmann::json{{"kiosk_id", id}, {"csr", slurp(csr)}}.dump();
    auto client = ow::store::PlatformClient::create(platform.emu.endpoint());
    REQUIRE(client);
    const auto answer = (*client)->request("POST", "/v1/kiosks/" + id + "/csr", body, {"Authorization: Bearer " + kToken});
    CHECK(answer.status == 422);
    CHECK(platform.signed_count() == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("kioskctl run as root leaves what it writes in the data dir to the kiosk user") {
  if (::geteuid() != 0) return;  // handing files to another user needs root
  const fs::path dir = fs::temp_directory_path() / ("ow-kioskctl-owner-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  Platform platform(dir);
  // The data dir belongs to the kiosk user (here `nobody`), as the package sets it up.
  const passwd* kiosk_user = ::getpwnam("nobody");
  REQUIRE(kiosk_user);
  REQUIRE(::chown((dir / "data").c_str(), kiosk_user->pw_uid, kiosk_user->pw_gid) == 0);
  fs::permissions(dir / "data", fs::perms::owner_all);
  std::string conf = slurp(OW_SOURCE_DIR "/assets/config/kiosk.toml");
  conf = std::regex_replace(conf, std::regex("\ndata_dir = \"[^\"]*\""), "\ndata_dir = \"" + (dir / "data").string() + "\"");
  conf = std::regex_replace(conf, std::regex("\nurl = \"\""), "\nurl = \"" + platform.url() + "\"");
  conf = std::regex_replace(conf, std::regex("\ninsecure_dev = false"), "\ninsecure_dev = true");
  const fs::path config = dir / "kiosk.toml";
  std::ofstream(config) << conf;
  const std::string kioskctl_line = std::string(OW_KIOSKCTL_BIN) + " --config " + config.string();

  CHECK(sh("echo 246810 | " + kioskctl_line + " pin set --name wang > /dev/null") == 0);
  CHECK(sh(kioskctl_line + " sync --once > /dev/null 2>&1") == 0);
  const std::string owner = std::to_string(kiosk_user->pw_uid) + ":" + std::to_string(kiosk_user->pw_gid);
  CHECK(owner_of(dir / "data" / "technician_pins") == owner);
  CHECK(owner_of(dir / "data" / "sync.lock") == owner);
  for (const auto& e : fs::recursive_directory_iterator(dir / "data")) {
    CAPTURE(e.path());
    CHECK(owner_of(e.path()) == owner);
  }
  fs::remove_all(dir);
}

