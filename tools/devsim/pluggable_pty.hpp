#pragma once
// A serial device on a pty that can be unplugged for a while (the `vanish` command): the
// driver's next read fails and the stable link goes away; once the time is up the caller plugs
// it back in on a new pty, whose slave path is printed on stdout again and the link follows.
// Replies leave through a PacedWriter at the line's baud rate.
#include <string>

#include "tools/devsim/pty_port.hpp"

namespace ow::devsim {

class PluggablePty {
 public:
  // `link`: symlink kept pointing at the current pty, or empty for none.
  PluggablePty(unsigned baud, std::string link, int vanish_ms)
      : writer_(baud), link_(std::move(link)), vanish_ms_(vanish_ms) {}
  PluggablePty(const PluggablePty&) = delete;
  PluggablePty& operator=(const PluggablePty&) = delete;

  // A new pty: the link points at it and its slave path goes to stdout.
  bool plug_in(std::string* error);
  // Gone now, due back after vanish_ms; what was queued is lost with the line.
  void vanish();
  // Gone for good (at exit): the link goes too.
  void remove();
  bool due_back() const { return !pty_.is_open() && Clock::now() >= back_at_; }
  bool is_open() const { return pty_.is_open(); }
  int fd() const { return pty_.master_fd(); }
  // The slave path, or "(vanished)".
  std::string port() const { return pty_.is_open() ? pty_.slave_path() : "(vanished)"; }
  PacedWriter& writer() { return writer_; }
  // Writes the chunks that are due; a write error other than a full buffer drops the rest.
  void flush();
  // How long poll may wait: at most `idle`, less when a chunk or the comeback is due.
  int poll_timeout_ms(Clock::duration idle) const;

 private:
  PtyPort pty_;
  PacedWriter writer_;
  std::string link_;
  int vanish_ms_;
  Clock::time_point back_at_{};
};

}  // namespace ow::devsim
