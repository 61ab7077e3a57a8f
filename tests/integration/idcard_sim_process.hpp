#pragma once
// Runs `devsim idcard` as a child process for a test: a stable --link path, a control socket, and
// a kill in the destructor so no simulator outlives its test.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

class IdcardSimProcess {
 public:
  explicit IdcardSimProcess(std::vector<std::string> extra = {}) {
    const std::string base = "/tmp/ow-idsim-" + std::to_string(getpid()) + "-" + std::to_string(counter()++);
    link_ = base + ".tty";
    control_ = base + ".sock";
    std::vector<std::string> args{OW_DEVSIM_BIN, "idcard", "--fixtures", OW_IDCARD_FIXTURES, "--link", link_,
                                  "--control", control_};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    first_path_ = read_line(std::chrono::seconds(5));
    // devsim binds the socket before it prints the first path, so one connect is enough.
    const int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, control_.c_str(), sizeof addr.sun_path - 1);
    if (connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) sock_ = s;
    else close(s);
  }
  ~IdcardSimProcess() {
    if (sock_ >= 0) close(sock_);
    if (out_ >= 0) close(out_);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      for (int i = 0; i < 200; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  IdcardSimProcess(const IdcardSimProcess&) = delete;
  IdcardSimProcess& operator=(const IdcardSimProcess&) = delete;

  bool ok() const { return pid_ > 0 && !first_path_.empty() && sock_ >= 0; }
  const std::string& link() const { return link_; }
  // The control socket, for a kiosk script's `sim "<socket> place <card>"` steps.
  const std::string& control() const { return control_; }
  const std::string& first_path() const { return first_path_; }

  // Sends one control command and returns the simulator's one-line answer ("ok …" / "error: …").
  std::string command(const std::string& line) {
    const std::string l = line + "\n";
    if (write(sock_, l.data(), l.size()) < 0) return "error: write";
    std::string answer;
    char c;
    while (read(sock_, &c, 1) == 1 && c != '\n') answer += c;
    return answer;
  }

  // The next stdout line (a pty path), or empty after the timeout.
  std::string read_line(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      char c;
      if (read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return {};
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  pid_t pid_ = -1;
  int out_ = -1, sock_ = -1;
  std::string link_, control_, first_path_;
};
