// devsim printer: a thermal receipt printer on TCP (raw port 9100 style) or on a pty.
// stdout: first line "tcp 127.0.0.1:PORT" or "pty /dev/pts/N"; then "printed <png>" for each cut
// piece and the answer ("ok …"/"error …") to each control line. Control lines come on stdin and
// on an optional Unix socket (--control): paper ok|near_end|out|out_after N, cover open|close,
// offline on|off, error on|off, slow BYTES_PER_SECOND, status, quit.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "tools/devsim/commands.hpp"
#include "tools/devsim/control_channel.hpp"
#include "tools/devsim/printer_sim.hpp"
#include "tools/devsim/pty_port.hpp"

namespace ow::devsim {

namespace {

struct PrinterOptions {
  int tcp_port = -1;  // 0: any free port
  bool pty = false;
  std::string control;
  std::vector<std::string> faults;  // control lines applied at start
  PrinterSimOptions sim;
};

class PrinterServer {
 public:
  PrinterServer(PrinterOptions o, std::unique_ptr<PrinterSim> sim) : o_(std::move(o)), sim_(std::move(sim)) {}
  ~PrinterServer() { cleanup(); }

  int run() {
    for (const std::string& f : o_.faults) {
      if (const std::string answer = sim_->control(f); answer.rfind("ok", 0) != 0) return fail("--fault " + f + ": " + answer);
    }
    std::string err;
    // The socket first: a harness that has read the pty path or port may connect at once.
    if (!o_.control.empty() && !control_.listen(o_.control, &err)) return fail(err);
    if (o_.pty ? !open_pty(&err) : !listen_tcp(&err)) return fail(err);
    auto tick = std::chrono::steady_clock::now();
    std::size_t budget = 0;  // bytes the "slow" printer may still take this tick
    while (!stop_requested() && !sim_->quit_requested()) {
      std::vector<pollfd> fds;
      const int host = o_.pty ? pty_.master_fd() : client_fd_;
      const bool slow = sim_->slow_bytes_per_second() > 0;
      const auto now = std::chrono::steady_clock::now();
      if (slow && now - tick >= std::chrono::milliseconds(50)) {
        tick = now;
        budget = std::max<std::size_t>(1, static_cast<std::size_t>(sim_->slow_bytes_per_second()) / 20);
      }
      const bool may_read = !slow || budget > 0;
      const std::size_t host_i = fds.size();
      if (host >= 0 && may_read) fds.push_back({host, POLLIN, 0});
      const std::size_t accept_i = fds.size();
      if (!o_.pty && client_fd_ < 0) fds.push_back({listen_fd_, POLLIN, 0});
      control_.add_poll_fds(fds);
      const int r = ::poll(fds.data(), fds.size(), slow ? 50 : 1000);
      if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
      if (r <= 0) continue;
      if (host >= 0 && may_read && host_i < fds.size() && (fds[host_i].revents & (POLLIN | POLLHUP | POLLERR))) {
        read_host(host, slow ? budget : 65536, budget);
      }
      if (!o_.pty && client_fd_ < 0 && accept_i < fds.size() && (fds[accept_i].revents & POLLIN)) {
        client_fd_ = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client_fd_ >= 0) {
          const int one = 1;
          setsockopt(client_fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
      }
      control_.handle(fds, [this](const std::string& line) -> std::optional<std::string> {
        if (line.empty()) return std::nullopt;
        return sim_->control(line);
      });
    }
    return 0;
  }

 private:
  int fail(const std::string& err) {
    std::fprintf(stderr, "devsim printer: %s\n", err.c_str());
    return 1;
  }

  void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  void cleanup() {
    if (client_fd_ >= 0) ::close(client_fd_);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    control_.close();
    client_fd_ = listen_fd_ = -1;
  }

  bool open_pty(std::string* err) {
    if (!pty_.open(err)) return false;
    say("pty " + pty_.slave_path());
    return true;
  }

  bool listen_tcp(std::string* err) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(o_.tcp_port));
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listen_fd_, 4) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      *err = "tcp port " + std::to_string(o_.tcp_port) + ": " + std::strerror(errno);
      return false;
    }
    say("tcp 127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
    return true;
  }

  void read_host(int fd, std::size_t max, std::size_t& budget) {
    std::uint8_t buf[65536];
    const ssize_t n = ::read(fd, buf, std::min(max, sizeof buf));
    if (n <= 0) {
      if (!o_.pty) {  // the host closed the connection: wait for the next one
        ::close(client_fd_);
        client_fd_ = -1;
      }
      return;
    }
    budget -= std::min(budget, static_cast<std::size_t>(n));
    const auto reply = sim_->receive(std::span(buf, static_cast<std::size_t>(n)));
    for (std::size_t done = 0; done < reply.size();) {
      const ssize_t w = ::write(fd, reply.data() + done, reply.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      done += static_cast<std::size_t>(w);
    }
    for (const auto& piece : sim_->take_new_pieces()) say("printed " + piece.string());
  }

  PrinterOptions o_;
  std::unique_ptr<PrinterSim> sim_;
  PtyPort pty_;
  int listen_fd_ = -1, client_fd_ = -1;
  // stdin's answers go to stdout with the "printed" lines: say() flushes, so the two never interleave.
  ControlChannel control_{1};
};

}  // namespace

void add_printer_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<PrinterOptions>();
  auto* cmd = app.add_subcommand("printer", "ESC/POS thermal receipt printer; paper comes out as PNG files");
  auto* tcp = cmd->add_option("--tcp", o->tcp_port, "Listen on this loopback TCP port (0: any free port)");
  auto* pty = cmd->add_flag("--pty", o->pty, "Be a printer on a serial line (a pty)");
  tcp->excludes(pty);
  cmd->add_option("--out", o->sim.out_dir, "Folder for the printed pieces (receipt-NNNN.png + .txt)")->capture_default_str();
  cmd->add_option("--width", o->sim.width_dots, "Print width in dots: 576 (80 mm) or 384 (58 mm)")->capture_default_str();
  cmd->add_option("--font", o->sim.font_file, "CJK font file")->capture_default_str();
  cmd->add_option("--font-index", o->sim.font_index, "Face in the font collection")->capture_default_str();
  cmd->add_option("--control", o->control, "Unix socket path for control lines");
  cmd->add_option("--fault", o->faults, "Control line applied at start, e.g. --fault 'paper near_end'");
  cmd->callback([o, &exit_code] {
    if (o->tcp_port < 0 && !o->pty) {
      std::fprintf(stderr, "devsim printer: give --tcp PORT or --pty\n");
      exit_code = 2;
      return;
    }
    auto sim = PrinterSim::create(o->sim);
    if (!sim) {
      std::fprintf(stderr, "devsim printer: %s\n", sim.error().message.c_str());
      exit_code = 1;
      return;
    }
    install_stop_signals();
    PrinterServer server(*o, std::move(*sim));
    exit_code = server.run();
  });
}

}  // namespace ow::devsim
