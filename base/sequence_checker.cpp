#include "base/sequence_checker.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>

namespace ow {

void SequenceChecker::check(const char* file, int line) const noexcept {
  const std::thread::id self = std::this_thread::get_id();
  std::thread::id expected{};
  if (owner_.compare_exchange_strong(expected, self, std::memory_order_relaxed) || expected == self) return;
  // No iostreams here: this may run while the heap or the streams are what went wrong.
  std::fprintf(stderr, "%s:%d: sequence check failed: object belongs to thread %zx, called on thread %zx\n", file, line,
               std::hash<std::thread::id>{}(expected), std::hash<std::thread::id>{}(self));
  std::fflush(stderr);
  std::abort();
}

}  // namespace ow
