#include "base/process_hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace ow {

tl::expected<void, std::string> harden_process() {
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0)
    return tl::unexpected(std::string("cannot turn off core dumps: ") + std::strerror(errno));
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return tl::unexpected(std::string("cannot make the process non-dumpable: ") + std::strerror(errno));
  return {};
}

}  // namespace ow
