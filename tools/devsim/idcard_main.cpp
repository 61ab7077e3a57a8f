// devsim idcard: an ID card reader on a pty. Prints the pty's slave path as the first stdout line
// (and a new line each time the device comes back after `fault vanish`), paces replies at the
// baud rate, and takes control commands, one per line, on stdin and on an optional Unix socket:
//   place <fixture id> | remove | fault <name> [count] | status | quit
// Faults: none no_card select_fail read_fail bad_checksum garbage split stall vanish.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "tools/devsim/commands.hpp"
#include "tools/devsim/idcard_sim.hpp"
#include "tools/devsim/pty_port.hpp"

namespace ow::devsim {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
  unsigned baud = 115200;
  std::string fixtures = OW_DEVSIM_FIXTURES;
  std::string control, link, place;
  int stall_ms = 2000, vanish_ms = 500;
};

struct Client {
  int fd;
  std::string buffer;
};

class IdCardServer {
 public:
  IdCardServer(Options o, IdCardSim sim) : o_(std::move(o)), sim_(std::move(sim)), writer_(o_.baud) {}

  int run() {
    std::string err;
    if (!bring_up(&err)) return fail(err);
    if (!o_.control.empty() && !listen_control(&err)) return fail(err);
    while (!g_stop && !quit_) {
      std::vector<pollfd> fds;
      if (pty_.is_open()) fds.push_back({pty_.master_fd(), POLLIN, 0});
      const std::size_t first_control = fds.size();
      if (stdin_open_) fds.push_back({0, POLLIN, 0});
      if (listen_fd_ >= 0) fds.push_back({listen_fd_, POLLIN, 0});
      for (const auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
      const int r = ::poll(fds.data(), fds.size(), timeout_ms());
      if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
      if (r > 0) {
        if (pty_.is_open() && (fds[0].revents & POLLIN)) read_host();
        handle_control(fds, first_control);
      }
      if (!pty_.is_open() && Clock::now() >= back_at_ && !bring_up(&err)) return fail(err);
      if (pty_.is_open() && !writer_.flush_due(pty_.master_fd())) writer_.clear();
    }
    cleanup();
    return 0;
  }

 private:
  int fail(const std::string& err) {
    std::fprintf(stderr, "devsim idcard: %s\n", err.c_str());
    cleanup();
    return 1;
  }

  void cleanup() {
    pty_.close();
    if (!o_.link.empty()) unlink(o_.link.c_str());
    for (auto& c : clients_) ::close(c.fd);
    clients_.clear();
    if (listen_fd_ >= 0) {
      ::close(listen_fd_);
      unlink(o_.control.c_str());
      listen_fd_ = -1;
    }
  }

  bool bring_up(std::string* err) {
    if (!pty_.open(err)) return false;
    if (!o_.link.empty() && !pty_.update_link(o_.link, err)) return false;
    sim_.power_cycle();
    std::printf("%s\n", pty_.slave_path().c_str());
    std::fflush(stdout);
    return true;
  }

  bool listen_control(std::string* err) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (o_.control.size() >= sizeof addr.sun_path) {
      *err = "control socket path too long";
      return false;
    }
    std::strcpy(addr.sun_path, o_.control.c_str());
    unlink(o_.control.c_str());
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listen_fd_, 4) != 0) {
      *err = "control socket " + o_.control + ": " + std::strerror(errno);
      return false;
    }
    return true;
  }

  int timeout_ms() const {
    auto until = Clock::now() + std::chrono::seconds(1);
    if (pty_.is_open() && !writer_.empty()) until = std::min(until, writer_.next_due());
    if (!pty_.is_open()) until = std::min(until, back_at_);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    // An overdue chunk means the pty buffer is full (nobody reads): retry shortly, do not spin.
    if (ms <= 0) return pty_.is_open() && !writer_.empty() ? 2 : 0;
    return static_cast<int>(ms);
  }

  void read_host() {
    std::uint8_t buf[512];
    const ssize_t n = ::read(pty_.master_fd(), buf, sizeof buf);
    if (n <= 0) return;
    const auto received = Clock::now();
    // A real reader has the command only once its last byte crossed the line.
    const auto start = received + writer_.wire_time(static_cast<std::size_t>(n));
    for (auto& out : sim_.receive(std::span(buf, static_cast<std::size_t>(n)))) {
      const auto when = out.stall ? start + std::chrono::milliseconds(o_.stall_ms) : start;
      if (out.split) writer_.schedule(out.bytes, when, 3);
      else writer_.schedule(out.bytes, when, 16);
    }
  }

  void handle_control(const std::vector<pollfd>& fds, std::size_t i) {
    if (stdin_open_) {
      if (fds[i].revents & (POLLIN | POLLHUP)) {
        char buf[256];
        const ssize_t n = ::read(0, buf, sizeof buf);
        if (n <= 0) stdin_open_ = false;  // e.g. </dev/null: only the socket and signals remain
        else lines(stdin_buffer_, std::string(buf, static_cast<std::size_t>(n)), 1);
      }
      ++i;
    }
    if (listen_fd_ >= 0) {
      if (fds[i].revents & POLLIN) {
        const int c = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c >= 0) clients_.push_back(Client{c, {}});
      }
      ++i;
    }
    for (std::size_t k = 0; k < clients_.size() && i + k < fds.size(); ++k) {
      if (!(fds[i + k].revents & (POLLIN | POLLHUP))) continue;
      char buf[256];
      const ssize_t n = ::read(clients_[k].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(clients_[k].fd);
        clients_[k].fd = -1;
      } else {
        lines(clients_[k].buffer, std::string(buf, static_cast<std::size_t>(n)), clients_[k].fd);
      }
    }
    std::erase_if(clients_, [](const Client& c) { return c.fd < 0; });
  }

  void lines(std::string& buffer, const std::string& more, int reply_fd) {
    buffer += more;
    for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
      const std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      const std::string answer = command(line) + "\n";
      // stdin's answers go to stderr: stdout carries only pty paths.
      const int fd = reply_fd == 1 ? 2 : reply_fd;
      if (::write(fd, answer.data(), answer.size()) < 0) continue;
    }
  }

  std::string command(const std::string& line) {
    std::istringstream in(line);
    std::string verb, arg;
    in >> verb >> arg;
    if (verb.empty()) return "ok";
    if (verb == "place") return sim_.place(arg) ? "ok" : "error: no fixture named '" + arg + "'";
    if (verb == "remove") {
      sim_.remove();
      return "ok";
    }
    if (verb == "status") {
      return std::string("ok card=") + (sim_.card_present() ? "present" : "none") + " reads=" +
             std::to_string(sim_.reads()) + " port=" + (pty_.is_open() ? pty_.slave_path() : "(vanished)");
    }
    if (verb == "quit") {
      quit_ = true;
      return "ok";
    }
    if (verb == "fault") {
      if (arg == "vanish") {
        pty_.close();
        writer_.clear();
        if (!o_.link.empty()) unlink(o_.link.c_str());
        back_at_ = Clock::now() + std::chrono::milliseconds(o_.vanish_ms);
        return "ok";
      }
      const auto f = parse_fault(arg);
      if (!f) return "error: unknown fault '" + arg + "'";
      int count = -1;
      if (!(in >> count)) count = -1;
      sim_.set_fault(*f, count);
      return "ok";
    }
    return "error: unknown command '" + verb + "' (place, remove, fault, status, quit)";
  }

  Options o_;
  IdCardSim sim_;
  PtyPort pty_;
  PacedWriter writer_;
  int listen_fd_ = -1;
  std::vector<Client> clients_;
  bool stdin_open_ = true, quit_ = false;
  std::string stdin_buffer_;
  Clock::time_point back_at_{};
};

}  // namespace

void add_idcard_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("idcard", "ID card reader (GA 467 SAM frames) on a pty");
  cmd->add_option("--baud", opts->baud, "Line speed the replies are paced at")->capture_default_str();
  cmd->add_option("--fixtures", opts->fixtures, "Cards (JSON)")->capture_default_str();
  cmd->add_option("--control", opts->control, "Unix socket for control commands (stdin always works)");
  cmd->add_option("--link", opts->link, "Symlink kept pointing at the current pty (stable across vanish)");
  cmd->add_option("--place", opts->place, "Fixture on the reader at start");
  cmd->add_option("--stall-ms", opts->stall_ms, "How long the stall fault holds a reply")->capture_default_str();
  cmd->add_option("--vanish-ms", opts->vanish_ms, "How long the device stays away after vanish")->capture_default_str();
  cmd->callback([opts, &exit_code] {
    if (opts->baud < 300) {
      std::fprintf(stderr, "devsim idcard: baud must be at least 300\n");
      exit_code = 2;
      return;
    }
    std::string err;
    auto cards = load_fixtures(opts->fixtures, &err);
    if (!cards) {
      std::fprintf(stderr, "devsim idcard: %s\n", err.c_str());
      exit_code = 2;
      return;
    }
    IdCardSim sim(std::move(*cards));
    if (!opts->place.empty() && !sim.place(opts->place)) {
      std::fprintf(stderr, "devsim idcard: no fixture named '%s'\n", opts->place.c_str());
      exit_code = 2;
      return;
    }
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
    exit_code = IdCardServer(*opts, std::move(sim)).run();
  });
}

}  // namespace ow::devsim
