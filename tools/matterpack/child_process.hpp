#pragma once
// Programs matterpack runs beside itself: the kiosk (waited for) and the ID card simulator (kept
// running while the kiosk needs it, stopped when done). Their stdin is /dev/null; stdout and stderr
// go to one log file.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ow::matterpack {

// Starts args[0] with the rest as its arguments; nothing when it could not be started.
std::optional<pid_t> spawn(const std::vector<std::string>& args, const std::filesystem::path& log);

// Waits for it to end: its exit code, or 128 + the signal that ended it.
int wait_exit(pid_t pid);

// A process that runs as long as this object: stopped (SIGTERM) and reaped when it goes.
class Background {
 public:
  explicit Background(pid_t pid) : pid_(pid) {}
  Background(Background&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  Background& operator=(Background&&) = delete;
  ~Background();

 private:
  pid_t pid_;
};

}  // namespace ow::matterpack
