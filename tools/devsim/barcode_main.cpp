// devsim barcode: a serial QR / barcode scanner (RS-232 or USB CDC-ACM) on a pty. Prints the
// pty's slave path as the first stdout line (and again each time it comes back after `vanish`),
// sends each scan as a line paced at the baud rate, and takes commands, one per line, on stdin and
// on an optional Unix socket:
//   scan <text> | split <text> (sent in three pieces) | garbage (bytes that are not UTF-8)
//   | vanish | status | quit
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "tools/devsim/commands.hpp"
#include "tools/devsim/pty_port.hpp"

namespace ow::devsim {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
  unsigned baud = 9600;
  std::string suffix = "\r";
  std::string control, link;
  int vanish_ms = 500;
};

struct Client {
  int fd;
  std::string buffer;
};

class BarcodeServer {
 public:
  explicit BarcodeServer(Options o) : o_(std::move(o)), writer_(o_.baud) {}

  int run() {
    std::string err;
    if (!bring_up(&err) || (!o_.control.empty() && !listen_control(&err))) return fail(err);
    while (!g_stop && !quit_) {
      std::vector<pollfd> fds;
      if (stdin_open_) fds.push_back({0, POLLIN, 0});
      if (listen_fd_ >= 0) fds.push_back({listen_fd_, POLLIN, 0});
      for (const auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
      const int r = ::poll(fds.data(), fds.size(), timeout_ms());
      if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
      if (r > 0) handle_control(fds);
      if (!pty_.is_open() && Clock::now() >= back_at_ && !bring_up(&err)) return fail(err);
      if (pty_.is_open()) {
        drain_host();
        if (!writer_.flush_due(pty_.master_fd())) writer_.clear();
      }
    }
    cleanup();
    return 0;
  }

 private:
  int fail(const std::string& err) {
    std::fprintf(stderr, "devsim barcode: %s\n", err.c_str());
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
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listen_fd_, 4) != 0) {
      *err = "control socket " + o_.control + ": " + std::strerror(errno);
      return false;
    }
    return true;
  }

  int timeout_ms() const {
    auto until = Clock::now() + std::chrono::milliseconds(200);
    if (pty_.is_open() && !writer_.empty()) until = std::min(until, writer_.next_due());
    if (!pty_.is_open()) until = std::min(until, back_at_);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    return ms <= 0 ? 2 : static_cast<int>(ms);
  }

  // A scanner ignores what the host sends (some hosts send wake-up bytes): read and drop it.
  void drain_host() {
    std::uint8_t buf[256];
    while (::read(pty_.master_fd(), buf, sizeof buf) > 0) {
    }
  }

  void handle_control(const std::vector<pollfd>& fds) {
    std::size_t i = 0;
    if (stdin_open_) {
      if (fds[i].revents & (POLLIN | POLLHUP)) {
        char buf[256];
        const ssize_t n = ::read(0, buf, sizeof buf);
        if (n <= 0) stdin_open_ = false;
        else lines(stdin_buffer_, std::string(buf, static_cast<std::size_t>(n)), 2);
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
      char buf[1024];
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
      const std::string answer = command(buffer.substr(0, nl)) + "\n";
      buffer.erase(0, nl + 1);
      if (::write(reply_fd, answer.data(), answer.size()) < 0) continue;
    }
  }

  std::string command(const std::string& line) {
    std::istringstream in(line);
    std::string verb, text;
    in >> verb >> text;
    if (verb.empty()) return "ok";
    const bool sending = verb == "scan" || verb == "split" || verb == "garbage";
    if (sending && !pty_.is_open()) return "error: the scanner is unplugged";
    if (verb == "scan" || verb == "split") {
      if (text.empty()) return "error: " + verb + " needs the text";
      const std::string bytes = text + o_.suffix;
      const std::vector<std::uint8_t> v(bytes.begin(), bytes.end());
      // split: three pieces with pauses, as a slow USB-serial bridge delivers them.
      writer_.schedule(v, Clock::now(), verb == "split" ? v.size() / 3 + 1 : 64,
                       verb == "split" ? std::chrono::milliseconds(30) : std::chrono::milliseconds(0));
      return "ok";
    }
    if (verb == "garbage") {
      // Line noise and a GBK-encoded name: not UTF-8.
      const std::string bytes = "\xFF\xFE\xD5\xC5\x80" + o_.suffix;
      writer_.schedule(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), Clock::now(), 64);
      return "ok";
    }
    if (verb == "vanish") {
      pty_.close();
      writer_.clear();
      if (!o_.link.empty()) unlink(o_.link.c_str());
      back_at_ = Clock::now() + std::chrono::milliseconds(o_.vanish_ms);
      return "ok";
    }
    if (verb == "status") return std::string("ok port=") + (pty_.is_open() ? pty_.slave_path() : "(vanished)");
    if (verb == "quit") {
      quit_ = true;
      return "ok";
    }
    return "error: unknown command '" + verb + "' (scan, split, garbage, vanish, status, quit)";
  }

  Options o_;
  PtyPort pty_;
  PacedWriter writer_;
  int listen_fd_ = -1;
  std::vector<Client> clients_;
  bool stdin_open_ = true, quit_ = false;
  std::string stdin_buffer_;
  Clock::time_point back_at_{};
};

}  // namespace

void add_barcode_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<Options>();
  auto suffix = std::make_shared<std::string>("cr");
  auto* cmd = app.add_subcommand("barcode", "Serial QR / barcode scanner (a line per scan) on a pty");
  cmd->add_option("--baud", opts->baud, "Line speed the scans are paced at")->capture_default_str();
  cmd->add_option("--suffix", *suffix, "What ends each scan: cr, lf, crlf or tab")->capture_default_str();
  cmd->add_option("--control", opts->control, "Unix socket for control commands (stdin always works)");
  cmd->add_option("--link", opts->link, "Symlink kept pointing at the current pty (stable across vanish)");
  cmd->add_option("--vanish-ms", opts->vanish_ms, "How long the scanner stays away after vanish")->capture_default_str();
  cmd->callback([opts, suffix, &exit_code] {
    if (*suffix == "cr") opts->suffix = "\r";
    else if (*suffix == "lf") opts->suffix = "\n";
    else if (*suffix == "crlf") opts->suffix = "\r\n";
    else if (*suffix == "tab") opts->suffix = "\t";
    else {
      std::fprintf(stderr, "devsim barcode: --suffix must be cr, lf, crlf or tab\n");
      exit_code = 2;
      return;
    }
    if (opts->baud < 300) {
      std::fprintf(stderr, "devsim barcode: baud must be at least 300\n");
      exit_code = 2;
      return;
    }
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
    exit_code = BarcodeServer(*opts).run();
  });
}

}  // namespace ow::devsim
