#include "offline_store/vault.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "offline_store/durable_file.hpp"

namespace ow::store {

namespace {
constexpr std::size_t kMasterKeyBytes = crypto_kdf_KEYBYTES;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "OWSTORE1";

StoreResult<std::string> read_key_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return store_error(StoreErrorCode::Io, "cannot read key file " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  std::string key(kMasterKeyBytes + 1, '\0');
  const ssize_t n = ::fstat(fd, &st) == 0 ? ::read(fd, key.data(), key.size()) : -1;
  ::close(fd);
  if ((st.st_mode & 077) != 0)
    return store_error(StoreErrorCode::Invalid, "key file " + path.string() + " is readable by others; it must be mode 0600");
  if (n != static_cast<ssize_t>(kMasterKeyBytes))
    return store_error(StoreErrorCode::Corrupt, "key file " + path.string() + " has the wrong size");
  key.resize(kMasterKeyBytes);
  return key;
}

// Written to a temp file and hard-linked into place, so two processes starting at once agree on one key.
StoreResult<void> create_key_file(const std::filesystem::path& path) {
  std::string key(kMasterKeyBytes, '\0');
  crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  const auto tmp = path.string() + ".tmp." + std::to_string(::getpid());
  auto written = write_file_durably(tmp, key, 0600);
  sodium_memzero(key.data(), key.size());
  if (!written) return written;
  const int rc = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (rc != 0 && link_errno != EEXIST)
    return store_error(StoreErrorCode::Io, "cannot create key file " + path.string() + ": " + std::strerror(link_errno));
  return sync_directory(path.parent_path());
}
}  // namespace

StoreResult<Vault> Vault::open(const std::filesystem::path& key_file) {
  if (sodium_init() < 0) return store_error(StoreErrorCode::Io, "libsodium failed to initialise");
  if (::access(key_file.c_str(), F_OK) != 0) {
    if (auto created = create_key_file(key_file); !created) return tl::unexpected(created.error());
  }
  auto master = read_key_file(key_file);
  if (!master) return tl::unexpected(master.error());
  Vault v;
  const auto* mk = reinterpret_cast<const unsigned char*>(master->data());
  crypto_kdf_derive_from_key(v.seal_key_.data(), v.seal_key_.size(), 1, kKdfContext, mk);
  crypto_kdf_derive_from_key(v.hash_key_.data(), v.hash_key_.size(), 2, kKdfContext, mk);
  sodium_memzero(master->data(), master->size());
  return v;
}

std::string Vault::seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, seal_key_.data());
  return out;
}

StoreResult<std::string> Vault::unseal(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return store_error(StoreErrorCode::Corrupt, "sealed record too short");
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  const std::size_t box_len = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string plain(box_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, box_len, nonce, seal_key_.data()) != 0)
    return store_error(StoreErrorCode::Corrupt, "sealed record fails authentication (altered, or another key)");
  return plain;
}

std::string Vault::lookup_hash(std::string_view id_number) const {
  // ID numbers are compared without spaces and with an upper-case check digit X.
  std::string norm;
  for (char c : id_number)
    if (!std::isspace(static_cast<unsigned char>(c))) norm += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(norm.data()), norm.size(), hash_key_.data(),
                     hash_key_.size());
  sodium_memzero(norm.data(), norm.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string sha256_hex(std::string_view bytes) {
  // OpenSSL uses the CPU's SHA extensions where present: on a 200 KiB scan about five times faster
  // than libsodium's portable code. The same digest, so names and the platform's checks agree.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char out[crypto_hash_sha256_BYTES];
  unsigned int out_len = 0;
  if (md == nullptr || EVP_Digest(bytes.data(), bytes.size(), out, &out_len, md, nullptr) != 1 || out_len != sizeof out)
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

bool is_sha256_hex(std::string_view name) {
  if (name.size() != 64) return false;
  for (char c : name)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace ow::store
