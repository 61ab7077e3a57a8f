#include "kiosk/catalog/key_rotation.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ow::catalog {

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kMagic = "OWKEYROT";
constexpr unsigned char kFormat = 1;
constexpr std::size_t kHeader = 8 + 1 + 4;
constexpr std::size_t kSig = crypto_sign_BYTES;
constexpr std::size_t kMaxStatement = 4096;
constexpr const char* kStatementFormat = "onewindow.catalog-key-rotation/1";
constexpr const char* kFile = "key_rotations";

tl::unexpected<Rejection> refuse(PackageError code, std::string message) {
  return tl::unexpected<Rejection>(Rejection{code, "key rotation: " + std::move(message)});
}

bool from_hex(const std::string& hex, PublicKey& out) {
  std::size_t len = 0;
  return hex.size() == 64 &&
         sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == out.size();
}

// One statement at the front of `bytes`: its fields and its full length, signature checked
// against `signer`.
PkgResult<std::pair<RotationStatement, std::size_t>> read_statement(std::string_view bytes, const PublicKey& signer) {
  if (bytes.size() < kHeader) return refuse(PackageError::Truncated, "the statement ends before its header");
  if (static_cast<unsigned char>(bytes[8]) != kFormat) return refuse(PackageError::Malformed, "unknown statement format");
  std::size_t len = 0;
  for (std::size_t i = 9; i < kHeader; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[i]);
  if (len > kMaxStatement) return refuse(PackageError::Malformed, "the statement is too long");
  if (bytes.size() < kHeader + len + kSig) return refuse(PackageError::Truncated, "the statement ends before its signature");
  const auto* sig = reinterpret_cast<const unsigned char*>(bytes.data() + kHeader + len);
  if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(bytes.data()), kHeader + len, signer.data()) != 0)
    return refuse(PackageError::BadSignature, "the statement is not signed by the key trusted now");
  const json j = json::parse(bytes.substr(kHeader, len), nullptr, false);
  RotationStatement s;
  if (!j.is_object() || j.value("format", "") != kStatementFormat || !j.contains("sequence") ||
      !j["sequence"].is_number_integer() || !from_hex(j.value("old_key", ""), s.old_key) ||
      !from_hex(j.value("new_key", ""), s.new_key))
    return refuse(PackageError::Malformed, "the statement's fields are not what the format says");
  s.sequence = j["sequence"].get<std::int64_t>();
  s.created = j.value("created", "");
  s.expires = j.value("expires", "");
  SysTime t;
  if (!s.expires.empty() && !parse_time(s.expires, t)) return refuse(PackageError::Malformed, "the statement's expires is not a time");
  if (s.old_key != signer) return refuse(PackageError::BadSignature, "the statement replaces another key than the one trusted now");
  return std::pair{s, kHeader + len + kSig};
}

bool starts_statement(std::string_view bytes) { return bytes.substr(0, kMagic.size()) == kMagic; }

// Moves `trusted` along the statements at the front of `bytes`; `check_expiry` for new ones only.
PkgResult<std::string_view> follow(std::string_view bytes, TrustedKey& trusted, const SysTime* now) {
  while (starts_statement(bytes)) {
    // A statement already accepted is signed by an older key: skip it by its length alone.
    if (bytes.size() < kHeader) return refuse(PackageError::Truncated, "the statement ends before its header");
    std::size_t len = 0;
    for (std::size_t i = 9; i < kHeader; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[i]);
    if (len > kMaxStatement || bytes.size() < kHeader + len + kSig)
      return refuse(PackageError::Truncated, "the statement ends before its signature");
    const std::size_t whole = kHeader + len + kSig;
    const json j = json::parse(bytes.substr(kHeader, len), nullptr, false);
    if (j.is_object() && j.contains("sequence") && j["sequence"].is_number_integer() &&
        j["sequence"].get<std::int64_t>() <= trusted.sequence) {
      bytes.remove_prefix(whole);
      continue;
    }
    auto read = read_statement(bytes, trusted.key);
    if (!read) return tl::unexpected(read.error());
    const RotationStatement& s = read->first;
    if (s.sequence != trusted.sequence + 1)
      return refuse(PackageError::Malformed, "statement " + std::to_string(s.sequence) + " does not follow " +
                                                 std::to_string(trusted.sequence));
    SysTime expires;
    if (now && !s.expires.empty() && parse_time(s.expires, expires) && *now >= expires)
      return refuse(PackageError::Expired, "the statement expired at " + s.expires);
    trusted.key = s.new_key;
    trusted.keys.push_back(s.new_key);
    trusted.sequence = s.sequence;
    trusted.accepted.append(bytes.substr(0, whole));
    bytes.remove_prefix(whole);
  }
  return bytes;
}
}  // namespace

std::string build_rotation(const RotationStatement& s, const SecretKey& old_secret) {
  json j = {{"format", kStatementFormat}, {"sequence", s.sequence}, {"old_key", to_hex(s.old_key.data(), s.old_key.size())},
            {"new_key", to_hex(s.new_key.data(), s.new_key.size())}, {"created", s.created}};
  if (!s.expires.empty()) j["expires"] = s.expires;
  const std::string body = j.dump();
  std::string out(kMagic);
  out.push_back(static_cast<char>(kFormat));
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((body.size() >> shift) & 0xff));
  out += body;
  unsigned char sig[kSig];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(), old_secret.data());
  out.append(reinterpret_cast<const char*>(sig), kSig);
  return out;
}

std::string_view without_rotations(std::string_view bytes) {
  while (starts_statement(bytes) && bytes.size() >= kHeader) {
    std::size_t len = 0;
    for (std::size_t i = 9; i < kHeader; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[i]);
    if (bytes.size() < kHeader + len + kSig) break;
    bytes.remove_prefix(kHeader + len + kSig);
  }
  return bytes;
}

TrustedKey load_trusted_key(const fs::path& catalog_dir, const PublicKey& pinned) {
  TrustedKey t{pinned, 0, {}, {pinned}};
  std::ifstream in(catalog_dir / kFile, std::ios::binary);
  if (!in) return t;
  std::ostringstream text;
  text << in.rdbuf();
  const std::string kept = text.str();
  TrustedKey walked = t;
  // Expiry is judged when a statement is first accepted, not again at every start.
  auto rest = follow(kept, walked, nullptr);
  if (!rest || !rest->empty()) return t;  // not a chain from the pinned key: trust the pinned key only
  return walked;
}

PkgResult<std::string_view> take_rotations(std::string_view bytes, TrustedKey& trusted, SysTime now) {
  TrustedKey next = trusted;
  auto rest = follow(bytes, next, &now);
  if (!rest) return rest;
  trusted = std::move(next);
  return rest;
}

PkgResult<void> save_trusted_key(const fs::path& catalog_dir, const TrustedKey& trusted) {
  std::error_code ec;
  fs::create_directories(catalog_dir, ec);
  const fs::path tmp = catalog_dir / (std::string(kFile) + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return tl::unexpected(Rejection{PackageError::Io, "cannot write " + tmp.string()});
  std::size_t done = 0;
  bool ok = true;
  while (ok && done < trusted.accepted.size()) {
    const ssize_t n = ::write(fd, trusted.accepted.data() + done, trusted.accepted.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), (catalog_dir / kFile).c_str()) != 0)
    return tl::unexpected(Rejection{PackageError::Io, "cannot keep the key rotation under " + catalog_dir.string()});
  const int dir = ::open(catalog_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ok = ::fsync(dir) == 0;
    ::close(dir);
  }
  if (dir < 0 || !ok) return tl::unexpected(Rejection{PackageError::Io, "cannot sync " + catalog_dir.string()});
  return {};
}

}  // namespace ow::catalog
