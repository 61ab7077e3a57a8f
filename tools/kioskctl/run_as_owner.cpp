#include "tools/kioskctl/run_as_owner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ow::kioskctl {

namespace {
Result<void> switch_to(safe::Owner owner) {
  const passwd* pw = ::getpwuid(owner.uid);
  // The user's own groups (e.g. the device group), or none beyond its primary one.
  const int groups = pw ? ::initgroups(pw->pw_name, owner.gid) : ::setgroups(0, nullptr);
  if (groups != 0 || ::setgid(owner.gid) != 0 || ::setuid(owner.uid) != 0)
    return fail("cannot switch to uid " + std::to_string(owner.uid) + ": " + std::strerror(errno));
  if (::getuid() != owner.uid || ::geteuid() != owner.uid) return fail("still root after switching user");
  return {};
}
}  // namespace

Result<void> become_data_dir_owner(const std::filesystem::path& data_dir) {
  if (::geteuid() != 0) return {};
  struct stat st {};
  if (::stat(data_dir.c_str(), &st) != 0 || st.st_uid == 0) return {};
  const passwd* pw = ::getpwuid(st.st_uid);
  return switch_to(safe::Owner{st.st_uid, pw ? pw->pw_gid : st.st_gid});
}

Result<void> run_as(safe::Owner owner, const std::function<Result<void>()>& work) {
  if (::geteuid() == owner.uid) return work();
  int msg[2];
  if (::pipe2(msg, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) return fail(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(msg[0]);
    auto done = switch_to(owner);
    if (done) done = work();
    if (!done) {
      const std::string& m = done.error().message;
      (void)!::write(msg[1], m.data(), m.size());
    }
    ::_exit(done ? 0 : 1);
  }
  ::close(msg[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(msg[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
  ::close(msg[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return fail(message.empty() ? "failed as uid " + std::to_string(owner.uid) : message);
}

}  // namespace ow::kioskctl
