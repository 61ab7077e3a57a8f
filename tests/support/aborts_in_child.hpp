#pragma once
// Runs a body that may abort (a failed thread check) in a forked child, so the test survives it.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

// True when `body`, run in a child process, died of SIGABRT.
template <typename F>
bool aborts_in_child(F body) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}
