// The data key's protection as the kiosk and the technician see it (issue 24, items 4 and 5): the
// kiosk takes the key systemd decrypted into $CREDENTIALS_DIRECTORY, else the file beside the data,
// and `kioskctl status` says which (a warning for the file) or why the store refuses to open.
#include <doctest/doctest.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "kiosk/config.hpp"
#include "kiosk/maintenance/status_report.hpp"
#include "kiosk/sync_setup.hpp"
#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {
struct Out {
  int code = -1;
  std::string text;
};

// `env`: "NAME=value " assignments for kioskctl's environment.
Out kioskctl(const std::string& args, const std::string& env = "") {
  Out o;
  FILE* p = popen((env + std::string(OW_KIOSKCTL_BIN) + " " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return o;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.text.append(buf.data(), n);
  const int st = pclose(p);
  o.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return o;
}

fs::path write_config(const fs::path& dir) {
  fs::create_directories(dir / "data");
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-KEY-1\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n"
                                    << "catalog_pubkey = \"none.pub\"\n[technician]\ncontrol_socket = \"ctl.sock\"\n";
  return dir / "kiosk.toml";
}

bool mentions(const nlohmann::json& list, const std::string& what) {
  for (const auto& s : list)
    if (s.is_string() && s.get<std::string>().find(what) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("data key: the kiosk uses the credential systemd gives it ($CREDENTIALS_DIRECTORY/store.key)") {
  TempDir dir("datakey-cred");
  auto config = ow::load_config(write_config(dir.path));
  REQUIRE(config);
  const fs::path creds = dir.path / "creds";
  fs::create_directories(creds);
  {
    std::string key(crypto_kdf_KEYBYTES, '\0');
    crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
    std::ofstream(creds / "store.key", std::ios::binary) << key;
  }
  fs::permissions(creds / "store.key", fs::perms::owner_read);
  ::setenv("CREDENTIALS_DIRECTORY", creds.c_str(), 1);
  {
    auto store = ow::store::Store::open(ow::store_options(*config));
    ::unsetenv("CREDENTIALS_DIRECTORY");
    REQUIRE(store);
    REQUIRE((*store)->commit(ow::store::test::draft("cred-1")));
  }
  CHECK_FALSE(fs::exists(config->data_dir / "store.key"));
  ow::store::StoreOptions by_credential;
  by_credential.data_dir = config->data_dir;
  by_credential.key_file = creds / "store.key";
  auto store = ow::store::Store::open(by_credential);
  REQUIRE(store);
  CHECK((*store)->begin_sending(ow::store::ItemKind::Submission, "cred-1"));
}

TEST_CASE("data key: kioskctl status reports a key file beside the data as a warning") {
  TempDir dir("datakey-file");
  const fs::path cfg = write_config(dir.path);
  auto out = kioskctl("--config " + cfg.string() + " status --json");
  const auto doc = nlohmann::json::parse(out.text, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["data_key"]["protection"] == "file");
  CHECK(doc["data_key"]["error"].is_null());
  CHECK(mentions(doc["summary"]["warnings"], "data key"));
  CHECK_FALSE(mentions(doc["summary"]["problems"], "data key"));
  const auto text = kioskctl("--config " + cfg.string() + " status").text;
  CHECK(text.find("WARNING") != std::string::npos);
  CHECK(text.find("store.key") != std::string::npos);
}

TEST_CASE("data key: kioskctl status names a missing key over sealed submissions as a problem") {
  TempDir dir("datakey-missing");
  const fs::path cfg = write_config(dir.path);
  {
    auto config = ow::load_config(cfg);
    REQUIRE(config);
    auto store = ow::store::Store::open(ow::store_options(*config));
    REQUIRE(store);
    REQUIRE((*store)->commit(ow::store::test::draft("lost-1")));
  }
  fs::remove(dir.path / "data" / "store.key");
  auto out = kioskctl("--config " + cfg.string() + " status --json");
  CHECK(out.code == 1);
  const auto doc = nlohmann::json::parse(out.text, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["data_key"]["error"].get<std::string>().find("missing") != std::string::npos);
  CHECK(mentions(doc["summary"]["problems"], "data key"));
  CHECK_FALSE(fs::exists(dir.path / "data" / "store.key"));  // status made no new key either
}

// What the unit does with LoadCredentialEncrypted=: systemd-creds encrypts the key (here with a
// host key of the test's own, there being no TPM on a build machine), systemd decrypts it at start
// into $CREDENTIALS_DIRECTORY, and the kiosk's store uses it.
TEST_CASE("data key: a systemd-creds credential decrypts to the key the store uses; the wrong name is refused") {
  if (std::system("command -v systemd-creds > /dev/null 2>&1") != 0) {
    MESSAGE("systemd-creds not installed: skipped");
    return;
  }
  TempDir dir("datakey-creds");
  const fs::path cfg = write_config(dir.path);
  const fs::path creds = dir.path / "credentials";
  fs::create_directories(creds);
  const std::string host = "SYSTEMD_CREDENTIAL_SECRET=" + (dir.path / "host.secret").string() + " ";
  const std::string key = (dir.path / "clear.key").string(), sealed = (dir.path / "onewindow.store.key").string();
  REQUIRE(std::system(("head -c 32 /dev/urandom > " + key).c_str()) == 0);
  REQUIRE(std::system((host + "systemd-creds encrypt --with-key=host --name=store.key " + key + " " + sealed + " 2>/dev/null").c_str()) == 0);
  CHECK(std::system(("cmp -s " + key + " " + sealed).c_str()) != 0);  // not the key in clear
  // systemd checks the name the credential was sealed for against the unit's credential id.
  CHECK(std::system((host + "systemd-creds decrypt --name=other.key " + sealed + " " + (creds / "x").string() + " 2>/dev/null").c_str()) != 0);
  REQUIRE(std::system(("umask 077; " + host + "systemd-creds decrypt --name=store.key " + sealed + " " + (creds / "store.key").string() + " 2>/dev/null").c_str()) == 0);
  CHECK(std::system(("cmp -s " + key + " " + (creds / "store.key").string()).c_str()) == 0);

  auto out = kioskctl("--config " + cfg.string() + " status --json", "CREDENTIALS_DIRECTORY=" + creds.string() + " ");
  const auto doc = nlohmann::json::parse(out.text, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["data_key"]["protection"] == "tpm2");
  CHECK_FALSE(mentions(doc["summary"]["warnings"], "data key"));
  CHECK_FALSE(fs::exists(dir.path / "data" / "store.key"));
}

TEST_CASE("data key: the heartbeat says how the key is kept, and warns for the file") {
  const auto file = ow::maintenance::heartbeat_data_key({"file", ""});
  CHECK(file["data_key_protection"] == "file");
  CHECK(file["data_key_warning"].get<std::string>().find("stolen disk") != std::string::npos);
  const auto tpm = ow::maintenance::heartbeat_data_key({"tpm2", ""});
  CHECK(tpm["data_key_protection"] == "tpm2");
  CHECK_FALSE(tpm.contains("data_key_warning"));
}
