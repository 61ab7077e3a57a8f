#pragma once
// Keys for personal data at rest: a 0600 key file created on first start, secretbox sealing,
// and a keyed hash so an ID number can be looked up without being stored.
#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "offline_store/store_error.hpp"

namespace ow::store {

class Vault {
 public:
  // Reads the key file, or creates it (0600, written atomically) when it does not exist yet.
  // A key file readable by group or others is refused: it would expose every submission.
  static StoreResult<Vault> open(const std::filesystem::path& key_file);

  // nonce || MAC || ciphertext (XSalsa20-Poly1305).
  std::string seal(std::string_view plain) const;
  // Fails (Corrupt) when the bytes were altered or sealed with another key.
  StoreResult<std::string> unseal(std::string_view sealed) const;
  // Keyed BLAKE2b of a normalised ID number, hex; equal inputs give equal hashes on this kiosk only.
  std::string lookup_hash(std::string_view id_number) const;

 private:
  Vault() = default;
  std::array<unsigned char, 32> seal_key_{};
  std::array<unsigned char, 32> hash_key_{};
};

// Lower-case hex SHA-256: the name of an attachment and of a blob on the platform.
std::string sha256_hex(std::string_view bytes);
bool is_sha256_hex(std::string_view name);

}  // namespace ow::store
