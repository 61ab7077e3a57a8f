#pragma once
// `devsim printer` as a child process of a test: loopback TCP on a free port, control lines on
// its stdin, answers and "printed <png>" lines read from its stdout. Always killed at the end.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ow::test {

class PrinterSimProcess {
 public:
  PrinterSimProcess(const std::filesystem::path& out_dir, std::vector<std::string> extra = {}, int width = 576) {
    int in_pipe[2], out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) return;
    std::vector<std::string> args{OW_DEVSIM_BIN, "printer", "--tcp", "0", "--out", out_dir.string(), "--width",
                                  std::to_string(width)};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in_pipe[0], 0);
      dup2(out_pipe[1], 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    in_ = in_pipe[1];
    out_ = out_pipe[0];
    if (auto first = line(std::chrono::seconds(10)); first && first->rfind("tcp 127.0.0.1:", 0) == 0) {
      port_ = static_cast<std::uint16_t>(std::stoi(first->substr(14)));
    }
  }
  ~PrinterSimProcess() { kill(); }
  PrinterSimProcess(const PrinterSimProcess&) = delete;
  PrinterSimProcess& operator=(const PrinterSimProcess&) = delete;

  std::uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0 && port_ != 0; }

  // Sends a control line and returns the simulator's answer ("ok …" or "error …").
  std::string control(const std::string& command) {
    const std::string l = command + "\n";
    if (::write(in_, l.data(), l.size()) < 0) return "error: write";
    for (;;) {
      auto answer = line(std::chrono::seconds(5));
      if (!answer) return "error: no answer";
      if (answer->rfind("printed ", 0) == 0) {
        printed_.push_back(answer->substr(8));
        continue;
      }
      return *answer;
    }
  }

  // The next piece of paper the simulator cut (its PNG path), waiting up to `timeout`.
  std::optional<std::string> next_printed(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    if (!printed_.empty()) {
      auto p = printed_.front();
      printed_.erase(printed_.begin());
      return p;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto l = line(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
      if (!l) return std::nullopt;
      if (l->rfind("printed ", 0) == 0) return l->substr(8);
    }
    return std::nullopt;
  }

  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
    in_ = out_ = -1;
  }

 private:
  std::optional<std::string> line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string l = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return l;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || out_ < 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char buf[512];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::uint16_t port_ = 0;
  std::string buffer_;
  std::vector<std::string> printed_;
};

}  // namespace ow::test
