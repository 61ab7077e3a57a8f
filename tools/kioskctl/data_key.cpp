#include "tools/kioskctl/data_key.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "tools/kioskctl/spawn.hpp"

namespace ow::kioskctl {

DecryptedDataKey::DecryptedDataKey(store::StoreOptions& options) {
  if (::getenv("CREDENTIALS_DIRECTORY") != nullptr || ::access(kDataKeyCredential.c_str(), F_OK) != 0) return;
  // /run is a tmpfs: the clear key never reaches the disk. mkdtemp makes the folder 0700.
  std::string tmpl = "/run/onewindow-kioskctl.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot make a private folder in /run for the data key";
    return;
  }
  dir_ = tmpl;
  const mode_t old_mask = ::umask(077);  // the store refuses a key file others may read
  const bool decrypted = run_quietly({"systemd-creds", "decrypt", std::string("--name=") + kDataKeyName, kDataKeyCredential.string(),
                    (dir_ / kDataKeyName).string()});
  ::umask(old_mask);
  if (!decrypted) {
    error_ = "systemd-creds cannot decrypt " + kDataKeyCredential.string() + " (run kioskctl as root, on the kiosk's own PC)";
    return;
  }
  options.credentials_dir = dir_;
}

DecryptedDataKey::~DecryptedDataKey() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

}  // namespace ow::kioskctl
