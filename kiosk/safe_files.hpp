#pragma once
// Writing files in a folder someone else may control. The data dir (/var/lib/onewindow) belongs to
// the kiosk user, but kioskctl provision writes there as root: a `tls` swapped for a link to /etc,
// or a planted `kiosk.pem.new -> /etc/shadow`, must not make root write, chmod or chown elsewhere.
// So every name is opened relative to an already-open folder, without following a symlink, a
// temporary is created exclusively, and modes and owners are set on the open descriptor.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.hpp"

namespace ow::safe {

struct Owner {
  uid_t uid;
  gid_t gid;
};

// An open folder; names below it are resolved from it, never from a path again.
class Dir {
 public:
  // `path` itself is followed (root's config names it); O_DIRECTORY.
  static Result<Dir> open(const std::filesystem::path& path);
  Dir(Dir&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
  Dir& operator=(Dir&&) = delete;
  Dir(const Dir&) = delete;
  ~Dir();

  // The folder `name` inside this one, created with `mode` when missing; a symlink is refused.
  Result<Dir> subdir(const std::string& name, mode_t mode) const;
  // fchmod / fchown of the folder itself.
  Result<void> set_mode(mode_t mode) const;
  Result<void> set_owner(Owner owner) const;
  Owner owner() const;

  bool exists(const std::string& name) const;  // anything by that name, a symlink included
  // The file's bytes (at most `max`); a symlink or a missing file is an error.
  Result<std::string> read(const std::string& name, std::size_t max = 1 << 20) const;
  // Writes `bytes` to `name`.new (created exclusively, no symlink followed; a leftover regular
  // file is replaced, a symlink there refused), sets mode and owner on the descriptor, fsyncs.
  Result<void> write_temp(const std::string& name, std::string_view bytes, mode_t mode, std::optional<Owner> owner) const;
  // Renames `name`.new over `name` (a symlink at `name` is replaced, never followed) and syncs the folder.
  Result<void> install(const std::string& name) const;
  // write_temp then install: a crash leaves the old file or the new one, never half of one.
  Result<void> write(const std::string& name, std::string_view bytes, mode_t mode, std::optional<Owner> owner) const;
  void remove_temp(const std::string& name) const;

  std::filesystem::path path(const std::string& name = {}) const { return name.empty() ? path_ : path_ / name; }

 private:
  Dir(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;  // for messages only
};

inline std::string temp_name(const std::string& name) { return name + ".new"; }

}  // namespace ow::safe
