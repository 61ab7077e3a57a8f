#include "tools/kioskctl/spawn.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace ow::kioskctl {

Result<std::string> run_program(const std::vector<std::string>& argv, const std::string& input) {
  int out[2], in[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return fail("cannot make a pipe to run " + argv[0]);
  if (::pipe2(in, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return fail("cannot make a pipe to run " + argv[0]);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  std::vector<std::string> store(argv);
  std::vector<char*> args;
  for (auto& s : store) args.push_back(s.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  ::close(in[0]);
  if (err != 0) {
    ::close(out[0]);
    ::close(in[1]);
    return fail("cannot run " + argv[0] + " (is its package installed?)");
  }
  const bool fed = input.empty() || ::write(in[1], input.data(), input.size()) == static_cast<ssize_t>(input.size());
  ::close(in[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!fed || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(argv[0] + (argv.size() > 1 ? " " + argv[1] : std::string()) + " failed");
  return text;
}

bool run_quietly(const std::vector<std::string>& argv) { return run_program(argv).has_value(); }

}  // namespace ow::kioskctl
