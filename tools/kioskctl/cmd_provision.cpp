// kioskctl provision: first-boot enrolment of a kiosk with the platform's CA.
//   kioskctl provision --platform URL --kiosk-id ID [--token T] [--ca FILE] [--insecure-dev] [--renew]
// Creates the data key (store.key) and the kiosk's EC P-256 key pair, sends a CSR naming the kiosk
// to POST /v1/kiosks/{id}/csr, checks and installs the certificate and the platform's CA, writes
// the pinned catalog public key, points the config at all of it, and validates the result.
#include <curl/curl.h>
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/config.hpp"
#include "offline_store/vault.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/data_key.hpp"

extern char** environ;

namespace ow::kioskctl {

namespace {
namespace fs = std::filesystem;

struct Options {
  std::string platform, kiosk_id, token, ca_file;
  bool insecure_dev = false, renew = false;
};

struct Failure {
  int code;  // 1: failed, 2: bad input
  std::string message;
};
template <class T = void>
using Step = tl::expected<T, Failure>;
tl::unexpected<Failure> bad(int code, std::string m) { return tl::unexpected(Failure{code, std::move(m)}); }

// Runs a program (no shell) and returns its stdout; stderr passes through to the technician.
Step<std::string> run(const std::vector<std::string>& argv) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return bad(1, "pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  std::vector<std::string> store(argv);
  std::vector<char*> args;
  for (auto& s : store) args.push_back(s.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  if (err != 0) {
    ::close(out[0]);
    return bad(1, "cannot run " + argv[0] + " (is the openssl package installed?)");
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return bad(1, argv[0] + " " + argv[1] + " failed");
  return text;
}

Step<std::string> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return bad(1, "cannot read " + p.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Writes via a temporary file and rename, so a crash never leaves half a certificate or config.
Step<> write_file(const fs::path& p, const std::string& bytes, mode_t mode) {
  const fs::path tmp = p.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return bad(1, "cannot write " + tmp.string());
  ::fchmod(fd, mode);
  const bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), p.c_str()) != 0) return bad(1, "cannot write " + p.string());
  return {};
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct Answer {
  long status = 0;
  std::string body;
};

Step<Answer> post_csr(const Options& o, const std::string& csr_pem) {
  const std::string url = o.platform + (o.platform.ends_with('/') ? "" : "/") + "v1/kiosks/" + o.kiosk_id + "/csr";
  const std::string body = nlohmann::json{{"kiosk_id", o.kiosk_id}, {"csr", csr_pem}, {"kiosk_version", OW_VERSION}}.dump();
  CURL* curl = curl_easy_init();
  if (!curl) return bad(1, "libcurl failed to start");
  Answer a;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  const std::string auth = "Authorization: Bearer " + o.token;
  if (!o.token.empty()) headers = curl_slist_append(headers, auth.c_str());
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

// The kiosk runs as `onewindow`; provisioning runs as root. Hand the kiosk its files.
void give_to_kiosk_user(const std::vector<fs::path>& paths) {
  if (::geteuid() != 0) return;
  const passwd* pw = ::getpwnam("onewindow");
  if (!pw) return;
  for (const auto& p : paths)
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) std::fprintf(stderr, "kioskctl: cannot chown %s\n", p.c_str());
}

// With a TPM 2.0 the key exists only as a systemd credential sealed with host+tpm2: the disk
// alone opens nothing, nor does the TPM without this installation's host key. It is made in /run
// (memory) and never written in clear to the disk. Without a TPM it stays a 0600 file and the
// kiosk reports that. An existing key file is kept as it is: it opens the outbox.
Step<> provision_data_key(const fs::path& key_file) {
  if (fs::exists(kDataKeyCredential)) {
    std::printf("data key      %s (sealed to the TPM)\n", kDataKeyCredential.c_str());
    return {};
  }
  if (fs::exists(key_file) || ::geteuid() != 0 || !run_quietly({"systemd-creds", "has-tpm2"})) {
    if (auto v = store::Vault::open({{}, key_file, true}); !v) return bad(1, "data key: " + v.error().message);
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

Step<> provision(const Options& o, const std::string& config_path) {
  if (!std::regex_match(o.kiosk_id, std::regex("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")))
    return bad(2, "--kiosk-id must be letters, digits, '.', '_' or '-' (at most 64)");
  if (o.platform.rfind("https://", 0) != 0 && !(o.insecure_dev && o.platform.rfind("http://", 0) == 0))
    return bad(2, "--platform must be an https:// URL (http:// only with --insecure-dev)");
  auto config = load_config(config_path);
  if (!config) return bad(2, config.error().message);
  const fs::path data = config->data_dir, tls = data / "tls";
  std::error_code ec;
  fs::create_directories(tls, ec);
  if (ec) return bad(1, "cannot create " + tls.string() + ": " + ec.message());
  fs::permissions(data, fs::perms::owner_all, ec);
  fs::permissions(tls, fs::perms::owner_all, ec);

  // 1. The data key that seals personal data at rest (kept if it exists: it opens the outbox),
  // sealed to the TPM where there is one (docs/security.md).
  const fs::path data_key = data / "store.key";  // none when the key is sealed to the TPM
  if (auto k = provision_data_key(data_key); !k) return k;

  // 2. The kiosk's key pair (kept unless --renew) and a CSR naming the kiosk.
  const fs::path key = tls / "kiosk.key", csr = tls / "kiosk.csr", cert = tls / "kiosk.pem", ca = tls / "ca.pem";
  if (o.renew || !fs::exists(key)) {
    const mode_t old = ::umask(077);
    auto made = run({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.string()});
    ::umask(old);
    if (!made) return tl::unexpected(made.error());
  }
  std::printf("kiosk key     %s\n", key.c_str());
  if (auto r = run({"openssl", "req", "-new", "-key", key.string(), "-subj", "/O=OneWindow/CN=" + o.kiosk_id, "-out", csr.string()}); !r)
    return tl::unexpected(r.error());
  auto csr_pem = read_file(csr);
  if (!csr_pem) return tl::unexpected(csr_pem.error());

  // 3. The platform signs it.
  auto answer = post_csr(o, *csr_pem);
  if (!answer) return tl::unexpected(answer.error());
  if (answer->status == 401 || answer->status == 403)
    return bad(1, "the platform refused the enrolment (HTTP " + std::to_string(answer->status) + "): check --token");
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

  // 4. Check before installing: signed by that CA, names this kiosk, matches our key.
  const fs::path new_cert = tls / "kiosk.pem.new", new_ca = tls / "ca.pem.new";
  if (auto w = write_file(new_cert, cert_pem, 0644); !w) return w;
  if (auto w = write_file(new_ca, ca_pem, 0644); !w) return w;
  auto cleanup = [&] {
    fs::remove(new_cert, ec);
    fs::remove(new_ca, ec);
  };
  if (auto r = run({"openssl", "verify", "-CAfile", new_ca.string(), new_cert.string()}); !r) {
    cleanup();
    return bad(1, "the certificate does not verify against the CA the platform sent");
  }
  auto subject = run({"openssl", "x509", "-in", new_cert.string(), "-noout", "-subject", "-nameopt", "multiline"});
  auto cert_pub = run({"openssl", "x509", "-in", new_cert.string(), "-noout", "-pubkey"});
  auto key_pub = run({"openssl", "pkey", "-in", key.string(), "-pubout"});
  if (!subject || !cert_pub || !key_pub) {
    cleanup();
    return bad(1, "cannot read the certificate");
  }
  if (!std::regex_search(*subject, std::regex("commonName += " + o.kiosk_id + "\n"))) {
    cleanup();
    return bad(1, "the certificate does not name kiosk " + o.kiosk_id);
  }
  if (*cert_pub != *key_pub) {
    cleanup();
    return bad(1, "the certificate is not for this kiosk's key");
  }
  fs::rename(new_cert, cert, ec);
  if (!ec) fs::rename(new_ca, ca, ec);
  if (ec) return bad(1, "cannot install the certificate: " + ec.message());
  fs::remove(csr, ec);
  std::printf("certificate   %s (CN=%s)\nplatform CA   %s\n", cert.c_str(), o.kiosk_id.c_str(), ca.c_str());

  // 5. The pinned catalog key, then the config that names all of it.
  if (config->catalog_pubkey.has_parent_path()) fs::create_directories(config->catalog_pubkey.parent_path(), ec);
  if (auto w = write_file(config->catalog_pubkey, catalog_key + "\n", 0644); !w) return w;
  std::printf("catalog key   %s\n", config->catalog_pubkey.c_str());
  auto text = read_file(config_path);
  if (!text) return tl::unexpected(text.error());
  std::string t = set_toml_key(*text, "kiosk", "id", toml_string(o.kiosk_id));
  t = set_toml_key(t, "platform", "url", toml_string(o.platform));
  t = set_toml_key(t, "platform", "insecure_dev", o.insecure_dev ? "true" : "false");
  t = set_toml_key(t, "platform", "ca_file", toml_string(ca.string()));
  t = set_toml_key(t, "platform", "cert_file", toml_string(cert.string()));
  t = set_toml_key(t, "platform", "key_file", toml_string(key.string()));
  if (auto w = write_file(config_path + ".new", t, 0644); !w) return w;
  auto checked = load_config(config_path + ".new");
  if (!checked) {
    fs::remove(config_path + ".new", ec);
    return bad(1, "the updated config would not load (" + checked.error().message + "); " + config_path + " left unchanged");
  }
  fs::rename(config_path + ".new", config_path, ec);
  if (ec) return bad(1, "cannot replace " + config_path + ": " + ec.message());
  give_to_kiosk_user({data, tls, key, cert, ca});
  if (fs::exists(data_key)) give_to_kiosk_user({data_key});
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
  cmd->add_option("--token", opts->token, "One-time enrolment token from the platform's operators");
  cmd->add_option("--ca", opts->ca_file, "The platform's TLS CA (PEM) to trust for this request; default: the system's");
  cmd->add_flag("--insecure-dev", opts->insecure_dev, "Allow plain http:// (development only)");
  cmd->add_flag("--renew", opts->renew, "Make a new kiosk key pair instead of keeping the existing one");
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
