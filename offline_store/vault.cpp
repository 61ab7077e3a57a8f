#include "offline_store/vault.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "offline_store/durable_file.hpp"

namespace ow::store {

namespace {
constexpr std::size_t kMasterKeyBytes = crypto_kdf_KEYBYTES;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "OWSTORE1";
// The AEAD format's prefix. An old secretbox record starts with a random nonce, so 1 in 2^32 of them
// starts with these bytes too: such a record is tried in the old format when the new one fails.
constexpr std::string_view kAeadMagic = "OWA1";
constexpr std::size_t kAeadNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kAeadTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

StoreResult<std::string> read_key_file(const std::filesystem::path& path, const char* what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return store_error(errno == ENOENT ? StoreErrorCode::KeyMissing : StoreErrorCode::Io,
                       std::string("cannot read ") + what + " " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  std::string key(kMasterKeyBytes + 1, '\0');
  const ssize_t n = ::fstat(fd, &st) == 0 ? ::read(fd, key.data(), key.size()) : -1;
  ::close(fd);
  if ((st.st_mode & 077) != 0) {
    sodium_memzero(key.data(), key.size());
    return store_error(StoreErrorCode::Invalid, std::string(what) + " " + path.string() + " is readable by others; it must be mode 0600");
  }
  if (n != static_cast<ssize_t>(kMasterKeyBytes)) {
    sodium_memzero(key.data(), key.size());
    return store_error(StoreErrorCode::Corrupt, std::string(what) + " " + path.string() + " has the wrong size");
  }
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

// The associated data: the format's prefix and the row the bytes belong to.
std::string associated(std::string_view context) {
  std::string ad(kAeadMagic);
  ad += context;
  return ad;
}

StoreResult<Vault::Unsealed> unseal_legacy(std::string_view sealed, const unsigned char* key) {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return store_error(StoreErrorCode::Corrupt, "sealed record too short");
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  const std::size_t box_len = sealed.size() - crypto_secretbox_NONCEBYTES;
  Vault::Unsealed out{std::string(box_len - crypto_secretbox_MACBYTES, '\0'), true};
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.plain.data()), box, box_len, nonce, key) != 0)
    return store_error(StoreErrorCode::Corrupt, "sealed record fails authentication (altered, or another key)");
  return out;
}
}  // namespace

std::string sealed_context(std::string_view table, std::string_view id) {
  std::string c(table);
  c += ':';
  c += id;
  return c;
}

std::string_view protection_name(KeyProtection p) { return p == KeyProtection::Credential ? "tpm2" : "file"; }

KeyPage::KeyPage(std::size_t size) : size_(size) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  mapped_ = (size + page - 1) / page * page;
  void* p = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  bytes_ = static_cast<unsigned char*>(p);
  // Locking may fail under a small RLIMIT_MEMLOCK; the page is still kept out of core dumps.
  (void)sodium_mlock(bytes_, mapped_);
}

KeyPage::~KeyPage() {
  if (bytes_ == nullptr) return;
  sodium_munlock(bytes_, mapped_);  // zeroes first
  if (on_wiped_for_test != nullptr) on_wiped_for_test(bytes_, size_);
  ::munmap(bytes_, mapped_);
}

KeyPage::KeyPage(KeyPage&& other) noexcept
    : bytes_(std::exchange(other.bytes_, nullptr)), size_(other.size_), mapped_(other.mapped_) {}

StoreResult<Vault> Vault::open(const KeySource& source) {
  if (sodium_init() < 0) return store_error(StoreErrorCode::Io, "libsodium failed to initialise");
  StoreResult<std::string> master = store_error(StoreErrorCode::KeyMissing, "");
  KeyProtection protection = KeyProtection::File;
  if (!source.credential.empty() && ::access(source.credential.c_str(), F_OK) == 0) {
    master = read_key_file(source.credential, "data key credential");
    protection = KeyProtection::Credential;
  } else {
    if (source.may_create && ::access(source.key_file.c_str(), F_OK) != 0) {
      if (auto created = create_key_file(source.key_file); !created) return tl::unexpected(created.error());
    }
    master = read_key_file(source.key_file, "key file");
  }
  if (!master) return tl::unexpected(master.error());
  Vault v;
  v.protection_ = protection;
  const auto* mk = reinterpret_cast<const unsigned char*>(master->data());
  crypto_kdf_derive_from_key(v.seal_key(), 32, 1, kKdfContext, mk);
  crypto_kdf_derive_from_key(v.hash_key(), 32, 2, kKdfContext, mk);
  sodium_memzero(master->data(), master->size());
  return v;
}

std::string Vault::seal(std::string_view plain, std::string_view context) const {
  const std::string ad = associated(context);
  std::string out(kAeadMagic.size() + kAeadNonce + plain.size() + kAeadTag, '\0');
  std::copy(kAeadMagic.begin(), kAeadMagic.end(), out.begin());
  auto* nonce = reinterpret_cast<unsigned char*>(out.data()) + kAeadMagic.size();
  randombytes_buf(nonce, kAeadNonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kAeadNonce, nullptr, reinterpret_cast<const unsigned char*>(plain.data()),
                                             plain.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                             nullptr, nonce, seal_key());
  return out;
}

StoreResult<Vault::Unsealed> Vault::unseal(std::string_view sealed, std::string_view context) const {
  if (sealed.substr(0, kAeadMagic.size()) == kAeadMagic && sealed.size() >= kAeadMagic.size() + kAeadNonce + kAeadTag) {
    const std::string ad = associated(context);
    const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data()) + kAeadMagic.size();
    const std::size_t box_len = sealed.size() - kAeadMagic.size() - kAeadNonce;
    Unsealed out{std::string(box_len - kAeadTag, '\0'), false};
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.plain.data()), nullptr, nullptr,
                                                   nonce + kAeadNonce, box_len, reinterpret_cast<const unsigned char*>(ad.data()),
                                                   ad.size(), nonce, seal_key()) == 0)
      return out;
    if (auto legacy = unseal_legacy(sealed, seal_key())) return legacy;
    return store_error(StoreErrorCode::Corrupt,
                       "sealed record fails authentication (altered, moved from another row, or another key)");
  }
  return unseal_legacy(sealed, seal_key());
}

std::string Vault::lookup_hash(std::string_view id_number) const {
  // ID numbers are compared without spaces and with an upper-case check digit X.
  std::string norm;
  for (char c : id_number)
    if (!std::isspace(static_cast<unsigned char>(c))) norm += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(norm.data()), norm.size(), hash_key(), 32);
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
