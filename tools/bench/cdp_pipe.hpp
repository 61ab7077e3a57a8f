#pragma once
// Chromium's DevTools protocol over --remote-debugging-pipe: the browser reads commands from its
// fd 3 and writes replies and events to its fd 4, each message JSON ended by a NUL byte. No
// WebSocket, no port. Enough for the start-up bench: start the browser, call a method, wait for
// its reply.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace ow::bench {

class CdpPipe {
 public:
  explicit CdpPipe(const std::vector<std::string>& argv) {
    int to_browser[2], from_browser[2];
    if (::pipe2(to_browser, O_CLOEXEC) != 0) return;
    if (::pipe2(from_browser, O_CLOEXEC) != 0) {
      ::close(to_browser[0]);
      ::close(to_browser[1]);
      return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, to_browser[0], 3);
    posix_spawn_file_actions_adddup2(&fa, from_browser[1], 4);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> store(argv);
    std::vector<char*> args;
    for (auto& s : store) args.push_back(s.data());
    args.push_back(nullptr);
    if (posix_spawnp(&pid_, args[0], &fa, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(to_browser[0]);
    ::close(from_browser[1]);
    write_fd_ = to_browser[1];
    read_fd_ = from_browser[0];
  }
  ~CdpPipe() {
    if (write_fd_ >= 0) ::close(write_fd_);
    if (read_fd_ >= 0) ::close(read_fd_);
  }
  CdpPipe(const CdpPipe&) = delete;
  CdpPipe& operator=(const CdpPipe&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Calls `method` (in a page's session when `session` is set); its result, or nothing on an error
  // reply or no reply within `timeout`. Events in between are skipped.
  std::optional<nlohmann::json> call(const std::string& method, const nlohmann::json& params, const std::string& session,
                                     std::chrono::milliseconds timeout) {
    const int id = ++next_id_;
    nlohmann::json msg = {{"id", id}, {"method", method}, {"params", params}};
    if (!session.empty()) msg["sessionId"] = session;
    const std::string text = msg.dump() + '\0';
    if (::write(write_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (auto nul = buffer_.find('\0'); nul != std::string::npos; nul = buffer_.find('\0')) {
        const auto reply = nlohmann::json::parse(buffer_.substr(0, nul), nullptr, false);
        buffer_.erase(0, nul + 1);
        if (reply.is_object() && reply.value("id", 0) == id) {
          if (!reply.contains("result")) return std::nullopt;
          return reply["result"];
        }
      }
      pollfd p{read_fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long>(0, left.count()))) <= 0) continue;
      char buf[65536];
      const ssize_t n = ::read(read_fd_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int write_fd_ = -1, read_fd_ = -1;
  int next_id_ = 0;
  std::string buffer_;
};

}  // namespace ow::bench
