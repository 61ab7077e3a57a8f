#pragma once
// The control side every devsim simulator shares: command lines, one per line, on stdin and on an
// optional Unix socket (any number of clients at once); each answer goes back where its line came
// from. Also the stop flag SIGTERM/SIGINT set, which ends a simulator's loop.
#include <poll.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ow::devsim {

// SIGTERM and SIGINT set the stop flag; SIGPIPE is ignored (a control client may hang up before
// it reads its answer).
void install_stop_signals();
bool stop_requested();

class ControlChannel {
 public:
  // The answer to one command line, or nullopt for none.
  using Handler = std::function<std::optional<std::string>(const std::string& line)>;

  // `stdin_answer_fd`: where the answers to stdin's lines go (a simulator whose stdout carries
  // only pty paths sends them to stderr).
  explicit ControlChannel(int stdin_answer_fd) : stdin_answer_fd_(stdin_answer_fd) {}
  ~ControlChannel() { close(); }
  ControlChannel(const ControlChannel&) = delete;
  ControlChannel& operator=(const ControlChannel&) = delete;

  // Listens on the Unix socket `path` (replacing a stale one) besides stdin.
  bool listen(const std::string& path, std::string* error);
  // Closes the clients and the socket and removes its path; stdin is left alone.
  void close();
  // Appends the channel's descriptors to the poll set and remembers where they start.
  void add_poll_fds(std::vector<pollfd>& fds);
  // Reads whatever poll found ready in `fds` (as filled after add_poll_fds) and answers every
  // complete line through `on_line`.
  void handle(const std::vector<pollfd>& fds, const Handler& on_line);

 private:
  struct Client {
    int fd;
    std::string buffer;
  };
  void take(std::string& buffer, std::string_view more, int reply_fd, const Handler& on_line);

  int stdin_answer_fd_;
  bool stdin_open_ = true;
  std::string stdin_buffer_;
  std::string path_;
  int listen_fd_ = -1;
  std::vector<Client> clients_;
  std::size_t first_ = 0;
};

}  // namespace ow::devsim
