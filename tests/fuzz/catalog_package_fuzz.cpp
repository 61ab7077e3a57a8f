// Fuzzes the catalog package loader two ways: the raw bytes as a package (header, lengths,
// signature check), and the bytes as manifest + content wrapped in a valid signature, so that the
// manifest parser and the content checks behind the signature are reached too.
// Input of the second way: 2-byte big-endian manifest length, manifest, content.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "kiosk/catalog/package.hpp"

namespace {
struct Keys {
  ow::catalog::PublicKey pub{};
  ow::catalog::SecretKey secret{};
  Keys() {
    if (sodium_init() < 0) __builtin_trap();
    unsigned char seed[crypto_sign_SEEDBYTES] = {7};
    crypto_sign_seed_keypair(pub.data(), secret.data(), seed);
  }
};

void check(std::string_view bytes, const ow::catalog::PublicKey& key) {
  auto pkg = ow::catalog::open_package(bytes, key);
  if (!pkg) return;
  std::size_t total = 0;
  for (const auto& f : pkg->files) {
    if (!ow::catalog::safe_content_path(f.path)) __builtin_trap();
    total += f.bytes.size();
  }
  if (total > bytes.size()) __builtin_trap();
  (void)ow::catalog::check_policy(pkg->manifest, 0, std::chrono::system_clock::now(), "0.1.0");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Keys keys;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  check(raw, keys.pub);
  if (size < 2) return 0;
  const std::size_t len = std::min<std::size_t>((std::size_t{data[0]} << 8) | data[1], size - 2);
  std::string pkg = "OWCATPKG";
  pkg += static_cast<char>(1);
  for (int shift = 24; shift >= 0; shift -= 8) pkg += static_cast<char>((len >> shift) & 0xFF);
  pkg.append(raw.substr(2, len));
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(pkg.data()), pkg.size(), keys.secret.data());
  pkg.append(reinterpret_cast<const char*>(sig), sizeof sig);
  pkg.append(raw.substr(2 + len));
  check(pkg, keys.pub);
  return 0;
}
