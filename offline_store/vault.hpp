#pragma once
// Keys for personal data at rest: the data key (a systemd credential, or a 0600 key file created
// on first start), AEAD sealing bound to the row, and a keyed hash so an ID number can be looked
// up without being stored. The subkeys live on a locked page that core dumps leave out.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "offline_store/store_error.hpp"

namespace ow::store {

// Where the data key came from: a systemd credential (decrypted by systemd at start, with the
// TPM where provisioned so) or the key file beside the data (readable by whoever has the disk).
enum class KeyProtection { Credential, File };
std::string_view protection_name(KeyProtection p);  // "tpm2" | "file" (docs/security.md)

struct KeySource {
  std::filesystem::path credential;  // $CREDENTIALS_DIRECTORY/store.key; empty or absent: not used
  std::filesystem::path key_file;    // <data_dir>/store.key
  bool may_create = true;            // false: a missing key is KeyMissing, not a new key
};

// Bytes on pages of their own, locked in RAM (not swapped), marked MADV_DONTDUMP (sodium_mlock)
// and zeroed before the pages are given back.
class KeyPage {
 public:
  explicit KeyPage(std::size_t size);
  ~KeyPage();
  KeyPage(KeyPage&& other) noexcept;
  KeyPage& operator=(KeyPage&&) = delete;
  KeyPage(const KeyPage&) = delete;
  KeyPage& operator=(const KeyPage&) = delete;
  unsigned char* data() const { return bytes_; }
  std::size_t size() const { return size_; }
  // Tests only: sees the bytes after they are zeroed and before the pages go.
  static inline void (*on_wiped_for_test)(const unsigned char*, std::size_t) = nullptr;

 private:
  unsigned char* bytes_ = nullptr;
  std::size_t size_ = 0, mapped_ = 0;
};

class Vault {
 public:
  // The credential when there, else the key file; the key file is created (0600, written
  // atomically) only when missing and `may_create`. A key file readable by group or others is
  // refused: it would expose every submission.
  static StoreResult<Vault> open(const KeySource& source);

  // "OWA1" || nonce || XChaCha20-Poly1305 ciphertext and tag; `context` (e.g. "submissions:<id>")
  // is the associated data: the bytes open only where they were sealed.
  std::string seal(std::string_view plain, std::string_view context) const;
  struct Unsealed {
    std::string plain;
    bool legacy = false;  // the old secretbox format (no context): re-seal it when the row is written
  };
  // Fails (Corrupt) when the bytes were altered, belong to another row or another key.
  StoreResult<Unsealed> unseal(std::string_view sealed, std::string_view context) const;
  // Keyed BLAKE2b of a normalised ID number, hex; equal inputs give equal hashes on this kiosk only.
  std::string lookup_hash(std::string_view id_number) const;
  KeyProtection protection() const { return protection_; }
  const KeyPage& key_memory() const { return keys_; }

 private:
  Vault() : keys_(64) {}
  unsigned char* seal_key() const { return keys_.data(); }
  unsigned char* hash_key() const { return keys_.data() + 32; }
  KeyPage keys_;
  KeyProtection protection_ = KeyProtection::File;
};

// The associated data of a row's sealed body: "<table>:<id>".
std::string sealed_context(std::string_view table, std::string_view id);
// Attachment files are bound to their name by their SHA-256, checked on every read.
inline constexpr std::string_view kBlobContext = "blob";

// Lower-case hex SHA-256: the name of an attachment and of a blob on the platform.
std::string sha256_hex(std::string_view bytes);
bool is_sha256_hex(std::string_view name);

}  // namespace ow::store
