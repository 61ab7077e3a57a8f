#include "kiosk/catalog/package.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/json_number.hpp"
#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/rollout.hpp"
#include "kiosk/text_util.hpp"

namespace ow::catalog {

namespace {
using nlohmann::json;
constexpr std::string_view kMagic = "OWCATPKG";
constexpr unsigned char kFormat = 1;
constexpr std::size_t kHeader = 8 + 1 + 4;
constexpr std::size_t kSig = crypto_sign_BYTES;
constexpr std::uint32_t kMaxManifest = 1u << 20;

tl::unexpected<Rejection> reject(PackageError code, std::string message) {
  return tl::unexpected<Rejection>(Rejection{code, std::move(message)});
}

Result<std::string> read_hex_file(const std::filesystem::path& path, std::size_t bytes) {
  std::ifstream in(path);
  std::string hex;
  if (!in || !(in >> hex)) return fail("cannot read key file " + path.string());
  if (hex.size() != bytes * 2) return fail("key file " + path.string() + " does not hold a " + std::to_string(bytes) + "-byte key");
  std::string raw(bytes, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(raw.data()), bytes, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != bytes)
    return fail("key file " + path.string() + " is not hexadecimal");
  return raw;
}

json manifest_to_json(const Manifest& m) {
  json files = json::array();
  for (const auto& f : m.files) files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  json j = {{"format", kFormat},  {"version", m.version},   {"created", m.created}, {"expires", m.expires},
            {"min_kiosk_version", m.min_kiosk_version}, {"title", m.title}, {"files", files}};
  // Only when there is one: a package without rollout keeps the manifest it always had.
  if (!m.rollout.empty()) {
    json rings = json::array();
    for (const auto& r : m.rollout) rings.push_back({{"name", r.name}, {"start", r.start}});
    j["rollout"] = rings;
  }
  return j;
}

PkgResult<Manifest> manifest_from_json(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return reject(PackageError::Malformed, "the manifest is not a JSON object");
  Manifest m;
  try {
    if (json_int<int>(j, "format") != kFormat) return reject(PackageError::Malformed, "unknown manifest format");
    const auto version = json_int<std::int64_t>(j, "version", 0);
    if (!version) return reject(PackageError::Malformed, "the manifest's version is not a whole number from 0");
    m.version = *version;
    m.created = j.at("created").get<std::string>();
    m.expires = j.at("expires").get<std::string>();
    m.min_kiosk_version = j.at("min_kiosk_version").get<std::string>();
    m.title = j.value("title", "");
    std::set<std::string> seen;
    for (const auto& f : j.at("files")) {
      const auto size = json_int<std::uint64_t>(f, "size");
      if (!size) return reject(PackageError::Malformed, "a manifest file's size is not a whole number from 0");
      ManifestFile mf{f.at("path").get<std::string>(), *size, f.at("sha256").get<std::string>()};
      if (!safe_content_path(mf.path)) return reject(PackageError::Malformed, "the manifest names an unsafe path \"" + mf.path + "\"");
      if (!seen.insert(mf.path).second) return reject(PackageError::Malformed, "the manifest lists " + mf.path + " twice");
      if (mf.sha256.size() != 64) return reject(PackageError::Malformed, "bad sha256 for " + mf.path);
      m.files.push_back(std::move(mf));
    }
    if (j.contains("rollout"))
      for (const auto& r : j.at("rollout")) m.rollout.push_back({r.at("name").get<std::string>(), r.at("start").get<std::string>()});
  } catch (const json::exception& e) {
    return reject(PackageError::Malformed, std::string("the manifest is incomplete: ") + e.what());
  }
  SysTime t;
  if (m.version <= 0) return reject(PackageError::Malformed, "the manifest version must be positive");
  if (!parse_time(m.created, t) || !parse_time(m.expires, t))
    return reject(PackageError::Malformed, "the manifest's created/expires are not RFC 3339 times");
  if (m.files.empty()) return reject(PackageError::Malformed, "the manifest lists no content files");
  if (auto ok = check_rollout(m.rollout); !ok) return reject(PackageError::Malformed, "the manifest's rollout: " + ok.error().message);
  return m;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::string to_hex(const unsigned char* p, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), p, n);
  hex.pop_back();
  return hex;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return to_hex(h, sizeof h);
}

KeyPair generate_keypair() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run without its RNG; nothing to sign with
  KeyPair k{};
  crypto_sign_keypair(k.pub.data(), k.secret.data());
  return k;
}

Result<PublicKey> load_public_key(const std::filesystem::path& path) {
  auto raw = read_hex_file(path, 32);
  if (!raw) return tl::unexpected(raw.error());
  PublicKey k{};
  std::copy(raw->begin(), raw->end(), k.begin());
  return k;
}

Result<SecretKey> load_secret_key(const std::filesystem::path& path) {
  auto raw = read_hex_file(path, 64);
  if (!raw) return tl::unexpected(raw.error());
  SecretKey k{};
  std::copy(raw->begin(), raw->end(), k.begin());
  sodium_memzero(raw->data(), raw->size());
  return k;
}

Result<void> save_keypair(const KeyPair& keys, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto pub = dir / "catalog.pub", sec = dir / "catalog.key";
  if (std::filesystem::exists(sec)) return fail(sec.string() + " exists; refusing to overwrite a signing key");
  std::FILE* f = std::fopen(sec.c_str(), "wx");
  if (!f) return fail("cannot create " + sec.string());
  ::fchmod(fileno(f), 0600);
  const std::string s = to_hex(keys.secret.data(), keys.secret.size()) + "\n";
  const bool ok = std::fwrite(s.data(), 1, s.size(), f) == s.size();
  if (std::fclose(f) != 0 || !ok) return fail("cannot write " + sec.string());
  std::ofstream(pub) << to_hex(keys.pub.data(), keys.pub.size()) << "\n";
  if (!std::filesystem::exists(pub)) return fail("cannot write " + pub.string());
  return {};
}

bool safe_content_path(std::string_view p) {
  if (p.empty() || p.size() > 200 || p.front() == '/' || p.back() == '/') return false;
  for (char c : p)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
          c == '/'))
      return false;
  std::size_t b = 0;
  while (b <= p.size()) {
    const auto e = p.find('/', b);
    const auto part = p.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
    if (part.empty() || part == "." || part == "..") return false;
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return true;
}

Result<std::vector<ContentFile>> content_from_dir(const std::filesystem::path& root) {
  std::vector<ContentFile> out;
  for (const auto& rel : catalog_files(root)) {
    std::ifstream in(root / rel, std::ios::binary);
    if (!in) return fail("cannot read " + (root / rel).string());
    std::ostringstream s;
    s << in.rdbuf();
    if (!safe_content_path(rel.generic_string())) return fail(rel.string() + ": file names in a catalog are ASCII letters, digits, . _ -");
    out.push_back({rel.generic_string(), s.str()});
  }
  if (out.empty()) return fail(root.string() + " holds no catalog files");
  return out;
}

std::string build_package(Manifest m, const std::vector<ContentFile>& files, const SecretKey& key) {
  if (sodium_init() < 0) std::abort();
  m.files.clear();
  for (const auto& f : files) m.files.push_back({f.path, f.bytes.size(), sha256_hex(f.bytes)});
  const std::string manifest = manifest_to_json(m).dump(2);
  std::string out(kMagic);
  out += static_cast<char>(kFormat);
  const auto len = static_cast<std::uint32_t>(manifest.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((len >> shift) & 0xFF);
  out += manifest;
  unsigned char sig[kSig];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(), key.data());
  out.append(reinterpret_cast<const char*>(sig), kSig);
  for (const auto& f : files) out += f.bytes;
  return out;
}

PkgResult<Package> open_package(std::string_view bytes, const PublicKey& key) {
  if (sodium_init() < 0) return reject(PackageError::Io, "libsodium failed to initialise");
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
    return reject(PackageError::Malformed, "not a catalog package (bad magic)");
  if (bytes.size() < kHeader) return reject(PackageError::Truncated, "the package ends inside its header");
  if (static_cast<unsigned char>(bytes[8]) != kFormat) return reject(PackageError::Malformed, "unknown package format");
  std::uint32_t len = 0;
  for (std::size_t i = 9; i < kHeader; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[i]);
  if (len == 0 || len > kMaxManifest) return reject(PackageError::Malformed, "implausible manifest length");
  if (bytes.size() < kHeader + len + kSig) return reject(PackageError::Truncated, "the package ends before its signature");
  const auto* sig = reinterpret_cast<const unsigned char*>(bytes.data() + kHeader + len);
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(bytes.data()), kHeader + len, key.data()) != 0)
    return reject(PackageError::BadSignature, "the manifest's signature does not verify against the pinned key");
  Package pkg;
  pkg.manifest_json = std::string(bytes.substr(kHeader, len));
  auto m = manifest_from_json(pkg.manifest_json);
  if (!m) return tl::unexpected(m.error());
  pkg.manifest = std::move(*m);
  std::size_t at = kHeader + len + kSig;
  for (const auto& f : pkg.manifest.files) {
    if (f.size > bytes.size() - at)
      return reject(PackageError::Truncated, "the package ends inside " + f.path + " (" + std::to_string(bytes.size()) + " bytes in all)");
    std::string_view body = bytes.substr(at, f.size);
    if (sha256_hex(body) != f.sha256)
      return reject(PackageError::ContentMismatch, f.path + ": SHA-256 differs from the manifest (content tampered with)");
    pkg.files.push_back({f.path, std::string(body)});
    at += f.size;
  }
  if (at != bytes.size())
    return reject(PackageError::ContentMismatch, std::to_string(bytes.size() - at) + " bytes follow the last file the manifest lists");
  return pkg;
}

PkgResult<void> check_policy(const Manifest& m, std::int64_t applied, SysTime now, std::string_view kiosk_version) {
  if (m.version <= applied)
    return reject(PackageError::NotNewer, "package version " + std::to_string(m.version) + " is not higher than " +
                                              std::to_string(applied) + ", the highest this kiosk has applied");
  SysTime expires;
  parse_time(m.expires, expires);
  if (now >= expires) return reject(PackageError::Expired, "the package expired at " + m.expires);
  if (compare_versions(kiosk_version, m.min_kiosk_version) < 0)
    return reject(PackageError::KioskTooOld, "the package needs kiosk version " + m.min_kiosk_version + " or later; this is " +
                                                 std::string(kiosk_version));
  return {};
}

bool parse_time(std::string_view s, SysTime& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  long offset = 0;
  auto num = [&](std::size_t at, std::size_t n, int& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  if (!num(0, 4, y) || s.size() < 10 || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d)) return false;
  // Bounded so that the time point (nanoseconds since 1970 in 64 bits) cannot overflow.
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !num(11, 2, h) || s.size() < 19 || s[13] != ':' || !num(14, 2, mi) ||
        s[16] != ':' || !num(17, 2, sec) || h > 23 || mi > 59 || sec > 60)
      return false;
    std::size_t at = 19;
    if (at < s.size() && s[at] == '.')
      for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9';) ++at;
    if (at >= s.size()) return false;
    if (s[at] == 'Z' || s[at] == 'z') {
      if (at + 1 != s.size()) return false;
    } else {
      int oh = 0, om = 0;
      if ((s[at] != '+' && s[at] != '-') || !num(at + 1, 2, oh) || at + 3 >= s.size() || s[at + 3] != ':' || !num(at + 4, 2, om) ||
          at + 6 != s.size())
        return false;
      offset = (s[at] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
    }
  }
  const std::int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec - offset;
  out = SysTime(std::chrono::seconds(secs));
  return true;
}

std::string format_time(SysTime t) { return rfc3339_utc(t); }

int compare_versions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    long v = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      v = v * 10 + (s.front() - '0');
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.front() < '0' || s.front() > '9')) s.remove_prefix(1);
    return v;
  };
  while (!a.empty() || !b.empty()) {
    const long x = next(a), y = next(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

const char* to_string(PackageError e) {
  switch (e) {
    case PackageError::Malformed: return "malformed";
    case PackageError::Truncated: return "truncated";
    case PackageError::BadSignature: return "bad_signature";
    case PackageError::ContentMismatch: return "content_mismatch";
    case PackageError::NotNewer: return "not_newer";
    case PackageError::Expired: return "expired";
    case PackageError::KioskTooOld: return "kiosk_too_old";
    case PackageError::BadContent: return "bad_content";
    case PackageError::Io: return "io";
    case PackageError::NothingToRollBack: return "nothing_to_roll_back";
  }
  return "unknown";
}

}  // namespace ow::catalog
