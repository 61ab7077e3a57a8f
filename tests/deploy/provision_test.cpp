// kioskctl provision against a stand-in for the platform's enrolment endpoint
// (POST /v1/kiosks/{id}/csr), which signs CSRs with a test CA made by tools/dev-certs.sh.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "kiosk/config.hpp"
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

struct Platform {
  explicit Platform(const fs::path& dir) : dir_(dir) {
    REQUIRE(std::system(("'" OW_SOURCE_DIR "/tools/dev-certs.sh' '" + (dir / "ca").string() + "' > /dev/null").c_str()) == 0);
    server_.Post(R"(/v1/kiosks/([^/]+)/csr)", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") != "Bearer " + kToken) {
        res.status = 401;
        return;
      }
      const auto body = nlohmann::json::parse(req.body);
      if (body.at("kiosk_id") != req.matches[1].str()) {
        res.status = 422;
        return;
      }
      const fs::path csr = dir_ / "req.csr", cert = dir_ / "signed.pem";
      std::ofstream(csr) << body.at("csr").get<std::string>();
      const fs::path ca = dir_ / "ca";
      const std::string cmd = "openssl x509 -req -in " + csr.string() + " -CA " + (ca / "ca.pem").string() + " -CAkey " +
                              (ca / "ca.key").string() + " -CAcreateserial -days 30 -out " + cert.string() + " 2>/dev/null";
      if (std::system(cmd.c_str()) != 0) {
        res.status = 400;
        return;
      }
      ++signed_;
      res.status = 201;
      res.set_content(nlohmann::json{{"certificate", slurp(cert)},
                                     {"ca_certificate", slurp(ca / "ca.pem")},
                                     {"catalog_public_key", kCatalogKey}}
                          .dump(),
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Platform() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int signed_count() const { return signed_; }

 private:
  fs::path dir_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> signed_{0};
};

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

  SUBCASE("a wrong token installs nothing") {
    CHECK(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token", "nope",
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
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token",
                      kToken, "--insecure-dev"}) == 0);
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
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token",
                      kToken, "--insecure-dev"}) == 0);
    CHECK(slurp(tls / "kiosk.key") == key);
    REQUIRE(kioskctl({"--config", config.string(), "provision", "--platform", platform.url(), "--kiosk-id", id, "--token",
                      kToken, "--insecure-dev", "--renew"}) == 0);
    CHECK(slurp(tls / "kiosk.key") != key);
    CHECK(platform.signed_count() == 3);
  }
  fs::remove_all(dir);
}
