#include "tools/devsim/pluggable_pty.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace ow::devsim {

bool PluggablePty::plug_in(std::string* error) {
  if (!pty_.open(error)) return false;
  if (!link_.empty() && !pty_.update_link(link_, error)) return false;
  std::printf("%s\n", pty_.slave_path().c_str());
  std::fflush(stdout);
  return true;
}

void PluggablePty::vanish() {
  remove();
  writer_.clear();
  back_at_ = Clock::now() + std::chrono::milliseconds(vanish_ms_);
}

void PluggablePty::remove() {
  pty_.close();
  if (!link_.empty()) unlink(link_.c_str());
}

void PluggablePty::flush() {
  if (pty_.is_open() && !writer_.flush_due(pty_.master_fd())) writer_.clear();
}

int PluggablePty::poll_timeout_ms(Clock::duration idle) const {
  auto until = Clock::now() + idle;
  if (pty_.is_open() && !writer_.empty()) until = std::min(until, writer_.next_due());
  if (!pty_.is_open()) until = std::min(until, back_at_);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
  // An overdue chunk means the pty buffer is full (nobody reads): retry shortly, do not spin.
  if (ms <= 0) return pty_.is_open() && !writer_.empty() ? 2 : 0;
  return static_cast<int>(ms);
}

}  // namespace ow::devsim
