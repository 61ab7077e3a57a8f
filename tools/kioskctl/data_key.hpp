#pragma once
// The data key as kioskctl reaches it. `provision` seals it to the TPM as a systemd credential
// (host+tpm2) where the PC has one; the unit's LoadCredentialEncrypted= hands it to the kiosk.
// kioskctl (root, outside the unit) decrypts it with systemd-creds for one command into a private
// folder in /run: memory, never the disk.
#include <filesystem>
#include <string>

#include "offline_store/store.hpp"

namespace ow::kioskctl {

inline const std::filesystem::path kDataKeyCredential = "/etc/credstore.encrypted/onewindow.store.key";
inline constexpr const char* kDataKeyName = "store.key";  // the credential's name in the unit

// Sets options.credentials_dir to the decrypted credential for its lifetime. Does nothing when
// there is no credential or the kiosk's own $CREDENTIALS_DIRECTORY is set.
class DecryptedDataKey {
 public:
  explicit DecryptedDataKey(store::StoreOptions& options);
  ~DecryptedDataKey();
  DecryptedDataKey(const DecryptedDataKey&) = delete;
  DecryptedDataKey& operator=(const DecryptedDataKey&) = delete;
  const std::string& error() const { return error_; }  // empty: decrypted, or nothing to decrypt

 private:
  std::filesystem::path dir_;
  std::string error_;
};

}  // namespace ow::kioskctl
