// matterpack: what an operator does with a matter catalog before kiosks see it — validate the
// source, sign it into a package, check a package, and publish it to the platform.
#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/key_rotation.hpp"
#include "kiosk/catalog/package.hpp"
#include "kiosk/catalog/pinyin.hpp"
#include "kiosk/catalog/rollout.hpp"
#include "kiosk/catalog/validate.hpp"
#include "tools/matterpack/glyph_check.hpp"
#include "tools/matterpack/schema_check.hpp"
#include "tools/matterpack/operator_commands.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
struct Options {
  std::string src, out, key, pub, expires, min_kiosk = OW_VERSION, title, platform, cacert, cert, client_key;
  std::string font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  int face = 2;
  std::int64_t version = 0, applied = 0;
  std::vector<std::string> rings;  // --ring NAME=START, in ring order
  std::vector<std::string> rotations;  // --rotation FILE: key rotation statements, in order
};

std::string hex_cp(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// Every problem in the source, each on one line with its file and JSON path; 0 when clean.
int validate(const Options& o, bool quiet_ok = false) {
  // The schema first: the reader would only repeat a misshapen file's faults, one file at a time.
  if (auto bad = matterpack::check_schemas(o.src); !bad.empty()) {
    for (const auto& i : bad) std::fprintf(stderr, "%s: %s\n", i.where.c_str(), i.message.c_str());
    std::fprintf(stderr, "matterpack: %zu schema problem(s) in %s\n", bad.size(), o.src.c_str());
    return 1;
  }
  auto cat = catalog::load_catalog(o.src);
  if (!cat) {
    std::fprintf(stderr, "%s\n", cat.error().message.c_str());
    return 1;
  }
  auto issues = catalog::validate_catalog(*cat);
  auto font = matterpack::GlyphCheck::open(o.font, o.face);
  if (!font) {
    std::fprintf(stderr, "matterpack: %s\n", font.error().message.c_str());
    return 2;
  }
  catalog::visit_texts(*cat, [&](const std::string& where, const std::string& text) {
    for (char32_t c : font->missing(text))
      issues.push_back({where, "character \"" + catalog::u32_to_utf8(std::u32string(1, c)) + "\" (" + hex_cp(c) +
                                   ") has no glyph in the kiosk font"});
  });
  for (const auto& i : issues) std::fprintf(stderr, "%s: %s\n", i.where.c_str(), i.message.c_str());
  if (!issues.empty()) {
    std::fprintf(stderr, "matterpack: %zu problem(s) in %s\n", issues.size(), o.src.c_str());
    return 1;
  }
  if (!quiet_ok)
    std::printf("%s is valid: %zu matters, %zu bundles, %zu guide trees\n", o.src.c_str(), cat->matters.size(),
                cat->bundles.size(), cat->guides.size());
  return 0;
}

int keygen(const Options& o) {
  const auto keys = catalog::generate_keypair();
  if (auto ok = catalog::save_keypair(keys, o.out); !ok) {
    std::fprintf(stderr, "matterpack: %s\n", ok.error().message.c_str());
    return 1;
  }
  std::printf("wrote %s (keep secret, offline) and %s (install on kiosks as catalog_pubkey)\n",
              (fs::path(o.out) / "catalog.key").c_str(), (fs::path(o.out) / "catalog.pub").c_str());
  return 0;
}

int build(const Options& o) {
  if (int rc = validate(o, true); rc != 0) return rc;
  auto key = catalog::load_secret_key(o.key);
  auto files = catalog::content_from_dir(o.src);
  if (!key || !files) {
    std::fprintf(stderr, "matterpack: %s\n", (!key ? key.error() : files.error()).message.c_str());
    return 2;
  }
  catalog::SysTime expires;
  if (!catalog::parse_time(o.expires, expires)) {
    std::fprintf(stderr, "matterpack: --expires \"%s\" is not a date (YYYY-MM-DD) or RFC 3339 time\n", o.expires.c_str());
    return 2;
  }
  auto rollout = catalog::parse_ring_args(o.rings).and_then([&](std::vector<catalog::Ring> r) {
    return catalog::check_rollout_before(r, expires).map([&] { return std::move(r); });
  });
  if (!rollout) {
    std::fprintf(stderr, "matterpack: %s\n", rollout.error().message.c_str());
    return 2;
  }
  const auto now = std::chrono::system_clock::now();
  if (expires <= now) {
    std::fprintf(stderr, "matterpack: --expires %s is already past\n", o.expires.c_str());
    return 2;
  }
  catalog::Manifest m;
  m.version = o.version;
  m.created = catalog::format_time(now);
  m.expires = catalog::format_time(expires);
  m.min_kiosk_version = o.min_kiosk;
  m.title = o.title.empty() ? catalog::load_catalog(o.src)->title : o.title;
  m.rollout = std::move(*rollout);
  // Rotation statements go in front, so a kiosk that missed any of them still follows the chain.
  std::string bytes;
  for (const auto& r : o.rotations) {
    std::ifstream in(r, std::ios::binary);
    if (!in.is_open()) {
      std::fprintf(stderr, "matterpack: cannot read %s\n", r.c_str());
      return 2;
    }
    bytes.append(std::istreambuf_iterator<char>(in), {});
  }
  bytes += catalog::build_package(m, *files, *key);
  const std::string tmp = o.out + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::fprintf(stderr, "matterpack: cannot write %s\n", tmp.c_str());
      return 1;
    }
  }
  std::error_code ec;
  fs::rename(tmp, o.out, ec);
  if (ec) {
    std::fprintf(stderr, "matterpack: cannot write %s: %s\n", o.out.c_str(), ec.message().c_str());
    return 1;
  }
  std::printf("wrote %s: version %lld, %zu files, %zu bytes, expires %s, needs kiosk %s\n%s", o.out.c_str(),
              static_cast<long long>(m.version), files->size(), bytes.size(), m.expires.c_str(), m.min_kiosk_version.c_str(),
              catalog::describe_rollout(m.rollout).c_str());
  return 0;
}

std::optional<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int verify(const Options& o) {
  auto key = catalog::load_public_key(o.pub);
  auto bytes = read_all(o.src);
  if (!key || !bytes) {
    std::fprintf(stderr, "matterpack: %s\n", !key ? key.error().message.c_str() : ("cannot read " + o.src).c_str());
    return 2;
  }
  catalog::TrustedKey trusted{*key, 0, {}, {*key}};
  auto unwrapped = catalog::take_rotations(*bytes, trusted, std::chrono::system_clock::now());
  if (!unwrapped) {
    std::fprintf(stderr, "matterpack: %s\n", unwrapped.error().message.c_str());
    return 1;
  }
  if (trusted.sequence > 0)
    std::printf("key rotations 1–%lld verify from the given key; the package must be signed by %s…\n",
                static_cast<long long>(trusted.sequence), catalog::to_hex(trusted.key.data(), 8).c_str());
  auto pkg = catalog::open_package(*unwrapped, trusted.key);
  if (!pkg) {
    std::fprintf(stderr, "REJECTED (%s): %s\n", catalog::to_string(pkg.error().code), pkg.error().message.c_str());
    return 1;
  }
  const auto& m = pkg->manifest;
  std::printf("signature OK, %zu files intact\n  version %lld\n  title %s\n  created %s\n  expires %s\n  min kiosk %s\n",
              m.files.size(), static_cast<long long>(m.version), m.title.c_str(), m.created.c_str(), m.expires.c_str(),
              m.min_kiosk_version.c_str());
  std::printf("%s", m.rollout.empty() ? "  rollout: none, every kiosk at once\n" : catalog::describe_rollout(m.rollout).c_str());
  for (const auto& f : m.files) std::printf("  %10llu  %s  %s\n", static_cast<unsigned long long>(f.size), f.sha256.substr(0, 16).c_str(), f.path.c_str());
  if (auto ok = catalog::check_policy(m, o.applied, std::chrono::system_clock::now(), OW_VERSION); !ok) {
    std::fprintf(stderr, "REJECTED (%s): %s\n", catalog::to_string(ok.error().code), ok.error().message.c_str());
    return 1;
  }
  std::printf("a kiosk %s with version %lld applied would accept it\n", OW_VERSION, static_cast<long long>(o.applied));
  return 0;
}

std::size_t collect(char* p, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

int publish(const Options& o) {
  auto bytes = read_all(o.src);
  if (!bytes) {
    std::fprintf(stderr, "matterpack: cannot read %s\n", o.src.c_str());
    return 2;
  }
  std::string url = o.platform;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/v1/catalog";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/octet-stream");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, bytes->data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes->size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (!o.cacert.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o.cacert.c_str());
  if (!o.cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, o.cert.c_str());
  if (!o.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, o.client_key.c_str());
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  if (rc != CURLE_OK) {
    std::fprintf(stderr, "matterpack: PUT %s failed: %s\n", url.c_str(), curl_easy_strerror(rc));
    return 1;
  }
  if (status < 200 || status >= 300) {
    std::fprintf(stderr, "matterpack: PUT %s answered %ld: %s\n", url.c_str(), status, answer.c_str());
    return 1;
  }
  std::printf("published %s (%zu bytes) to %s: HTTP %ld\n", o.src.c_str(), bytes->size(), url.c_str(), status);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"matterpack — validate, sign, verify and publish OneWindow matter catalogs"};
  app.require_subcommand(1);
  Options o;
  int rc = 0;

  auto* keygen_cmd = app.add_subcommand("keygen", "Create an Ed25519 signing key pair (catalog.key, catalog.pub)");
  keygen_cmd->add_option("--out", o.out, "Folder for the key files")->required();
  keygen_cmd->callback([&] { rc = keygen(o); });

  auto* validate_cmd = app.add_subcommand("validate", "Check a catalog source folder: schema, references, rules, bundles, glyphs");
  validate_cmd->add_option("SRC_DIR", o.src, "Catalog source folder")->required()->check(CLI::ExistingDirectory);
  validate_cmd->add_option("--font", o.font, "The kiosk's font file")->capture_default_str();
  validate_cmd->add_option("--face", o.face, "Face index in the font collection")->capture_default_str();
  validate_cmd->callback([&] { rc = validate(o); });

  auto* build_cmd = app.add_subcommand("build", "Validate and sign a catalog source folder into one package file");
  build_cmd->add_option("SRC_DIR", o.src, "Catalog source folder")->required()->check(CLI::ExistingDirectory);
  build_cmd->add_option("--key", o.key, "Secret key file (matterpack keygen)")->required()->check(CLI::ExistingFile);
  build_cmd->add_option("--version", o.version, "Package version; must exceed every version kiosks have applied")
      ->required()->check(CLI::PositiveNumber);
  build_cmd->add_option("--expires", o.expires, "Expiry: YYYY-MM-DD (midnight UTC) or an RFC 3339 time")->required();
  build_cmd->add_option("--min-kiosk-version", o.min_kiosk, "Oldest kiosk version that may apply it")->capture_default_str();
  build_cmd->add_option("--title", o.title, "Title (default: catalog.json's)");
  build_cmd->add_option("--ring", o.rings, "Rollout ring NAME=START (RFC 3339 with offset); repeat in ring order")
      ->take_all()->allow_extra_args(false);
  build_cmd->add_option("--rotation", o.rotations, "Key rotation statement (matterpack rotate-key) put in front; repeat in order")
      ->check(CLI::ExistingFile);
  build_cmd->add_option("-o,--out", o.out, "Package file to write")->required();
  build_cmd->add_option("--font", o.font, "The kiosk's font file")->capture_default_str();
  build_cmd->add_option("--face", o.face, "Face index in the font collection")->capture_default_str();
  build_cmd->callback([&] { rc = build(o); });

  auto* verify_cmd = app.add_subcommand("verify", "Check a package's signature, files, expiry and kiosk version");
  verify_cmd->add_option("FILE", o.src, "Package file")->required()->check(CLI::ExistingFile);
  verify_cmd->add_option("--pub", o.pub, "Public key file")->required()->check(CLI::ExistingFile);
  verify_cmd->add_option("--applied", o.applied, "Check as a kiosk with this version applied")->capture_default_str();
  verify_cmd->callback([&] { rc = verify(o); });

  auto* publish_cmd = app.add_subcommand("publish", "Upload a package to the platform (PUT /v1/catalog)");
  publish_cmd->add_option("FILE", o.src, "Package file")->required()->check(CLI::ExistingFile);
  publish_cmd->add_option("--platform", o.platform, "Platform base URL, e.g. https://platform.example.gov.cn")->required();
  publish_cmd->add_option("--cacert", o.cacert, "CA bundle for the platform's certificate");
  publish_cmd->add_option("--cert", o.cert, "Client certificate (mutual TLS)");
  publish_cmd->add_option("--key", o.client_key, "Client key (mutual TLS)");
  publish_cmd->callback([&] { rc = publish(o); });

  matterpack::add_diff_command(app, rc);
  matterpack::add_preview_command(app, rc);
  matterpack::add_rotate_key_command(app, rc);

  CLI11_PARSE(app, argc, argv);
  return rc;
}
