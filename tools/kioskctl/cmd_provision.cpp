// kioskctl provision: first-boot enrolment of a kiosk with the platform's CA.
//   kioskctl provision --platform URL --kiosk-id ID [--token-file FILE|-] [--ca FILE] [--insecure-dev] [--renew]
// Creates the data key (store.key) and the kiosk's EC P-256 key pair, sends a CSR naming the kiosk
// to POST /v1/kiosks/{id}/csr, checks and installs the certificate and the platform's CA, writes
// the pinned catalog public key, points the config at all of it, and validates the result.
// It runs as root in a data dir the kiosk user owns: every write there goes through
// kiosk/safe_files.hpp (no symlink followed, owner and mode set on the descriptor), the data key is
// made as that user, and the private key only passes through pipes to openssl, never a path.
#include <curl/curl.h>
#include <pwd.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/config.hpp"
#include "kiosk/safe_files.hpp"
#include "offline_store/vault.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/data_key.hpp"
#include "tools/kioskctl/run_as_owner.hpp"
#include "tools/kioskctl/spawn.hpp"

namespace ow::kioskctl {

namespace {
namespace fs = std::filesystem;

struct Options {
  std::string platform, kiosk_id, token_file, argv_token, ca_file;
  bool insecure_dev = false, renew = false;
};

struct Failure {
  int code;  // 1: failed, 2: bad input
  std::string message;
};
template <class T = void>
using Step = tl::expected<T, Failure>;
tl::unexpected<Failure> bad(int code, std::string m) { return tl::unexpected(Failure{code, std::move(m)}); }
tl::unexpected<Failure> bad(const Error& e) { return bad(1, e.message); }

Step<std::string> run(const std::vector<std::string>& argv, const std::string& input = {}) {
  auto out = run_program(argv, input);
  if (!out) return bad(out.error());
  return std::move(*out);
}

// The enrolment token: from a file or stdin ("-"), never argv (visible in /proc and shell history).
Step<std::string> read_token(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream f(file, std::ios::binary);
    if (!f) return bad(2, "cannot read the token file " + file);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return bad(2, "the token file " + file + " is empty");
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A folder of root's own for the checks openssl makes on files; removed with what is in it.
struct PrivateDir {
  fs::path path;
  PrivateDir() {
    std::string tmpl = (fs::temp_directory_path() / "kioskctl-provision-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path = tmpl;
  }
  ~PrivateDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct Answer {
  long status = 0;
  std::string body;
};

Step<Answer> post_csr(const Options& o, const std::string& token, const std::string& csr_pem) {
  const std::string url = o.platform + (o.platform.ends_with('/') ? "" : "/") + "v1/kiosks/" + o.kiosk_id + "/csr";
  const std::string body = nlohmann::json{{"kiosk_id", o.kiosk_id}, {"csr", csr_pem}, {"kiosk_version", OW_VERSION}}.dump();
  CURL* curl = curl_easy_init();
  if (!curl) return bad(1, "libcurl failed to start");
  Answer a;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  const std::string auth = "Authorization: Bearer " + token;
  if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, o.insecure_dev ? "http,https" : "https");
  if (!o.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o.ca_file.c_str());
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return bad(1, "cannot reach " + url + ": " + curl_easy_strerror(rc));
  return a;
}

// Sets `key = value` in [section] of a TOML text, keeping every comment: replaces the key's line
// (also a commented-out "# key = …" example) or adds it under the section header.
std::string set_toml_key(std::string text, const std::string& section, const std::string& key, const std::string& value) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  const std::regex key_line("^#? *" + key + " *=.*$");
  std::string current;
  std::ptrdiff_t header = -1, hit = -1, commented = -1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (l.size() > 2 && l.front() == '[' && l.back() == ']') {
      current = l.substr(1, l.size() - 2);
      if (current == section) header = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    if (current != section || !std::regex_match(l, key_line)) continue;
    if (l.front() == '#') {
      if (commented < 0) commented = static_cast<std::ptrdiff_t>(i);
    } else {
      hit = static_cast<std::ptrdiff_t>(i);
    }
  }
  const std::string line = key + " = " + value;
  if (hit >= 0) lines[static_cast<std::size_t>(hit)] = line;
  else if (commented >= 0) lines[static_cast<std::size_t>(commented)] = line;
  else if (header >= 0) lines.insert(lines.begin() + header + 1, line);
  else {
    lines.push_back("");
    lines.push_back("[" + section + "]");
    lines.push_back(line);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string toml_string(const std::string& s) { return nlohmann::json(s).dump(); }  // JSON escapes are TOML's

// Who the files under the data dir belong to: its owner, the kiosk user. A data dir root owns
// (made by hand before the package's tmpfiles ran) is first given to `onewindow`, if that user exists.
Step<safe::Owner> data_owner(const safe::Dir& data) {
  safe::Owner owner = data.owner();
  if (owner.uid == 0 && ::geteuid() == 0) {
    if (const passwd* pw = ::getpwnam("onewindow")) {
      owner = safe::Owner{pw->pw_uid, pw->pw_gid};
      if (auto ok = data.set_owner(owner); !ok) return bad(ok.error());
    }
  }
  return owner;
}

// Writes `bytes` to `name` in the folder `file` lies in (root's own /etc, normally).
Step<> write_beside(const fs::path& file, const std::string& bytes) {
  auto dir = safe::Dir::open(file.has_parent_path() ? file.parent_path() : fs::path("."));
  if (!dir) return bad(dir.error());
  if (auto w = dir->write(file.filename().string(), bytes, 0644, std::nullopt); !w) return bad(w.error());
  return {};
}

Step<std::string> read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return bad(1, "cannot read " + p.string());
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// With a TPM 2.0 the key exists only as a systemd credential sealed with host+tpm2: the disk
// alone opens nothing, nor does the TPM without this installation's host key. It is made in /run
// (memory) and never written in clear to the disk. Without a TPM it stays a 0600 file and the
// kiosk reports that. An existing key file is kept as it is: it opens the outbox.
Step<> provision_data_key(const fs::path& key_file, safe::Owner owner) {
  if (fs::exists(kDataKeyCredential)) {
    std::printf("data key      %s (sealed to the TPM)\n", kDataKeyCredential.c_str());
    return {};
  }
  if (fs::exists(key_file) || ::geteuid() != 0 || !run_quietly({"systemd-creds", "has-tpm2"})) {
    auto made = run_as(owner, [&]() -> Result<void> {
      if (auto v = store::Vault::open({{}, key_file, true}); !v) return fail(v.error().message);
      return {};
    });
    if (!made) return bad(1, "data key: " + made.error().message);
    std::printf("data key      %s (WARNING: no TPM 2.0 credential; the key lies in clear on the disk)\n", key_file.c_str());
    return {};
  }
  std::string tmpl = "/run/onewindow-provision.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return bad(1, "cannot make a private folder in /run");
  const fs::path clear = fs::path(tmpl) / "store.key";
  auto made = store::Vault::open({{}, clear, true});
  std::error_code ec;
  fs::create_directories(kDataKeyCredential.parent_path(), ec);
  const bool sealed = made && run_quietly({"systemd-creds", "encrypt", "--with-key=host+tpm2",
                                           std::string("--name=") + kDataKeyName, clear.string(), kDataKeyCredential.string()});
  fs::remove_all(tmpl, ec);
  if (!made) return bad(1, "data key: " + made.error().message);
  if (!sealed) return bad(1, "systemd-creds could not seal the data key to the TPM");
  std::printf("data key      %s (sealed to the TPM, host+tpm2)\n", kDataKeyCredential.c_str());
  return {};
}

// Checks the platform's answer before anything is installed: the certificate is signed by the CA
// it sent, names this kiosk, and is for `key_pem`'s key.
Step<> check_certificate(const Options& o, const std::string& cert_pem, const std::string& ca_pem, const std::string& key_pem) {
  PrivateDir tmp;
  if (tmp.path.empty()) return bad(1, "cannot make a temporary folder");
  const fs::path cert = tmp.path / "kiosk.pem", ca = tmp.path / "ca.pem";
  std::ofstream(cert) << cert_pem;
  std::ofstream(ca) << ca_pem;
  if (auto r = run({"openssl", "verify", "-CAfile", ca.string(), cert.string()}); !r)
    return bad(1, "the certificate does not verify against the CA the platform sent");
  auto subject = run({"openssl", "x509", "-in", cert.string(), "-noout", "-subject", "-nameopt", "multiline"});
  auto cert_pub = run({"openssl", "x509", "-in", cert.string(), "-noout", "-pubkey"});
  auto key_pub = run({"openssl", "pkey", "-in", "/dev/stdin", "-pubout"}, key_pem);
  if (!subject || !cert_pub || !key_pub) return bad(1, "cannot read the certificate");
  if (!std::regex_search(*subject, std::regex("commonName += " + o.kiosk_id + "\n")))
    return bad(1, "the certificate does not name kiosk " + o.kiosk_id);
  if (*cert_pub != *key_pub) return bad(1, "the certificate is not for this kiosk's key");
  return {};
}

// Zeroes the private key's PEM however provisioning ends.
struct KeyText {
  std::string pem;
  ~KeyText() { sodium_memzero(pem.data(), pem.size()); }
};

Step<> provision(const Options& o, const std::string& config_path) {
  if (!o.argv_token.empty())
    return bad(2, "--token is no longer accepted: a token in the command line shows in the process list and the shell "
                  "history. Put it in a file (--token-file FILE) or pipe it in (--token-file -)");
  if (!std::regex_match(o.kiosk_id, std::regex("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")))
    return bad(2, "--kiosk-id must be letters, digits, '.', '_' or '-' (at most 64)");
  if (o.platform.rfind("https://", 0) != 0 && !(o.insecure_dev && o.platform.rfind("http://", 0) == 0))
    return bad(2, "--platform must be an https:// URL (http:// only with --insecure-dev)");
  std::string token;
  if (!o.token_file.empty()) {
    auto t = read_token(o.token_file);
    if (!t) return tl::unexpected(t.error());
    token = std::move(*t);
  }
  auto config = load_config(config_path);
  if (!config) return bad(2, config.error().message);
  std::error_code ec;
  fs::create_directories(config->data_dir, ec);
  auto data = safe::Dir::open(config->data_dir);
  if (!data) return bad(data.error());
  auto owner = data_owner(*data);
  if (!owner) return tl::unexpected(owner.error());
  if (auto m = data->set_mode(0700); !m) return bad(m.error());
  auto tls = data->subdir("tls", 0700);
  if (!tls) return bad(tls.error());
  if (auto ok = tls->set_owner(*owner); !ok) return bad(ok.error());
  if (auto m = tls->set_mode(0700); !m) return bad(m.error());

  // 1. The data key that seals personal data at rest (kept if it exists: it opens the outbox),
  // sealed to the TPM where there is one (docs/security.md); a key file is made by the kiosk user itself.
  if (auto k = provision_data_key(data->path("store.key"), *owner); !k) return k;

  // 2. The kiosk's key pair (kept unless --renew; a new one stays in memory until its certificate
  //    is installed) and a CSR naming the kiosk.
  const bool new_key = o.renew || !tls->exists("kiosk.key");
  KeyText key;
  if (new_key) {
    auto made = run({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"});
    if (!made) return tl::unexpected(made.error());
    key.pem = std::move(*made);
  } else {
    auto read = tls->read("kiosk.key", 64 * 1024);
    if (!read) return bad(read.error());
    key.pem = std::move(*read);
  }
  auto csr_pem = run({"openssl", "req", "-new", "-key", "/dev/stdin", "-subj", "/O=OneWindow/CN=" + o.kiosk_id}, key.pem);
  if (!csr_pem) return tl::unexpected(csr_pem.error());

  // 3. The platform signs it.
  auto answer = post_csr(o, token, *csr_pem);
  if (!answer) return tl::unexpected(answer.error());
  if (answer->status == 401 || answer->status == 403)
    return bad(1, "the platform refused the enrolment (HTTP " + std::to_string(answer->status) + "): check the token");
  if (answer->status != 200 && answer->status != 201)
    return bad(1, "the platform answered HTTP " + std::to_string(answer->status) + ": " + answer->body.substr(0, 200));
  std::string cert_pem, ca_pem, catalog_key;
  try {
    const auto j = nlohmann::json::parse(answer->body);
    cert_pem = j.at("certificate").get<std::string>();
    ca_pem = j.at("ca_certificate").get<std::string>();
    catalog_key = j.at("catalog_public_key").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return bad(1, "the platform's answer lacks certificate, ca_certificate or catalog_public_key");
  }
  if (!std::regex_match(catalog_key, std::regex("[0-9a-fA-F]{64}")))
    return bad(1, "the platform's catalog_public_key is not a 32-byte Ed25519 key in hex");

  // 4. Check before installing; then the new files under temporary names, and only when all of
  //    them are written, renamed into place: until then the old key and certificate stay.
  if (auto checked = check_certificate(o, cert_pem, ca_pem, key.pem); !checked) return checked;
  std::vector<std::string> names = {"kiosk.pem", "ca.pem"};
  if (new_key) names.insert(names.begin(), "kiosk.key");
  auto drop_temps = [&] {
    for (const auto& n : names) tls->remove_temp(n);
  };
  for (const auto& n : names) {
    const std::string& bytes = n == "kiosk.key" ? key.pem : n == "kiosk.pem" ? cert_pem : ca_pem;
    if (auto w = tls->write_temp(n, bytes, n == "kiosk.key" ? 0600 : 0644, *owner); !w) {
      drop_temps();
      return bad(w.error());
    }
  }
  for (const auto& n : names)
    if (auto i = tls->install(n); !i) {
      drop_temps();
      return bad(1, "cannot install the certificate: " + i.error().message);
    }
  const fs::path key_file = tls->path("kiosk.key"), cert = tls->path("kiosk.pem"), ca = tls->path("ca.pem");
  std::printf("kiosk key     %s%s\n", key_file.c_str(), new_key ? " (new)" : "");
  std::printf("certificate   %s (CN=%s)\nplatform CA   %s\n", cert.c_str(), o.kiosk_id.c_str(), ca.c_str());

  // 5. The pinned catalog key, then the config that names all of it.
  if (config->catalog_pubkey.has_parent_path()) fs::create_directories(config->catalog_pubkey.parent_path(), ec);
  if (auto w = write_beside(config->catalog_pubkey, catalog_key + "\n"); !w) return w;
  std::printf("catalog key   %s\n", config->catalog_pubkey.c_str());
  auto text = read_text(config_path);
  if (!text) return tl::unexpected(text.error());
  std::string t = set_toml_key(*text, "kiosk", "id", toml_string(o.kiosk_id));
  t = set_toml_key(t, "platform", "url", toml_string(o.platform));
  t = set_toml_key(t, "platform", "insecure_dev", o.insecure_dev ? "true" : "false");
  t = set_toml_key(t, "platform", "ca_file", toml_string(ca.string()));
  t = set_toml_key(t, "platform", "cert_file", toml_string(cert.string()));
  t = set_toml_key(t, "platform", "key_file", toml_string(key_file.string()));
  const fs::path conf(config_path);
  auto etc = safe::Dir::open(conf.has_parent_path() ? conf.parent_path() : fs::path("."));
  if (!etc) return bad(etc.error());
  const std::string conf_name = conf.filename().string();
  if (auto w = etc->write_temp(conf_name, t, 0644, std::nullopt); !w) return bad(w.error());
  auto checked = load_config(etc->path(safe::temp_name(conf_name)));
  if (!checked) {
    etc->remove_temp(conf_name);
    return bad(1, "the updated config would not load (" + checked.error().message + "); " + config_path + " left unchanged");
  }
  if (auto i = etc->install(conf_name); !i) return bad(1, "cannot replace " + config_path + ": " + i.error().message);
  std::printf("config        %s updated and valid: kiosk %s, platform %s\n", config_path.c_str(), checked->kiosk_id.c_str(),
              checked->platform.url.c_str());
  return {};
}
}  // namespace

void add_provision_commands(CLI::App& app, Globals& g) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("provision", "First boot: enrol this kiosk with the platform (keys, certificate, catalog key, config)");
  cmd->add_option("--platform", opts->platform, "Platform base URL, e.g. https://zwfw.example.gov.cn")->required();
  cmd->add_option("--kiosk-id", opts->kiosk_id, "This kiosk's id (becomes the certificate's CN)")->required();
  cmd->add_option("--token-file", opts->token_file,
                  "File holding the one-time enrolment token from the platform's operators; '-' reads it from stdin");
  // Refused with a message: a token in argv shows in /proc and the shell history.
  cmd->add_option("--token", opts->argv_token)->group("");
  cmd->add_option("--ca", opts->ca_file, "The platform's TLS CA (PEM) to trust for this request; default: the system's");
  cmd->add_flag("--insecure-dev", opts->insecure_dev, "Allow plain http:// (development only)");
  cmd->add_flag("--renew", opts->renew,
                "Make a new kiosk key pair instead of keeping the existing one (the old pair stays until the new certificate is installed)");
  cmd->callback([opts, &g] {
    if (auto ok = provision(*opts, g.config_path); !ok) {
      std::fprintf(stderr, "kioskctl provision: %s\n", ok.error().message.c_str());
      g.exit_code = ok.error().code;
      return;
    }
    std::printf("provisioned. Start the kiosk: systemctl restart onewindow-kiosk\n");
  });
}

}  // namespace ow::kioskctl
