#pragma once
// The simulator's end of a serial line: a pty master whose slave path the driver opens, an
// optional stable symlink to that path, and writes paced at a baud rate (10 bits per byte).
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

namespace ow::devsim {

using Clock = std::chrono::steady_clock;

class PtyPort {
 public:
  PtyPort() = default;
  ~PtyPort() { close(); }
  PtyPort(const PtyPort&) = delete;
  PtyPort& operator=(const PtyPort&) = delete;

  // A new pty in raw mode. The simulator keeps the slave open too, so the driver closing it
  // does not hang up the master.
  bool open(std::string* error);
  void close();  // the driver's next read fails: the "device" is gone
  bool is_open() const { return master_ >= 0; }
  int master_fd() const { return master_; }
  const std::string& slave_path() const { return slave_path_; }
  // Points `link` at the current slave path (atomically, through a rename).
  bool update_link(const std::filesystem::path& link, std::string* error) const;

 private:
  int master_ = -1, slave_ = -1;
  std::string slave_path_;
};

// Replies scheduled chunk by chunk at the times their last bit would arrive on a real line.
class PacedWriter {
 public:
  explicit PacedWriter(unsigned baud) : baud_(baud) {}
  Clock::duration wire_time(std::size_t bytes) const;
  // `start`: the earliest moment the first byte may leave (after the request's own wire time).
  void schedule(const std::vector<std::uint8_t>& bytes, Clock::time_point start, std::size_t chunk,
                Clock::duration gap = {});
  // Writes every chunk that is due; false on a write error other than a full buffer.
  bool flush_due(int fd);
  bool empty() const { return chunks_.empty(); }
  Clock::time_point next_due() const { return chunks_.front().due; }
  Clock::time_point line_free() const { return line_free_; }
  void clear();

 private:
  struct Chunk {
    Clock::time_point due;
    std::vector<std::uint8_t> bytes;
  };
  unsigned baud_;
  std::deque<Chunk> chunks_;
  Clock::time_point line_free_{};
};

}  // namespace ow::devsim
