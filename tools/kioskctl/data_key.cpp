#include "tools/kioskctl/data_key.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

extern char** environ;

namespace ow::kioskctl {

bool run_quietly(const std::vector<std::string>& argv) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> store(argv);
  std::vector<char*> args;
  for (auto& s : store) args.push_back(s.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

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
