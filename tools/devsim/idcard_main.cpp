// devsim idcard: an ID card reader on a pty. Prints the pty's slave path as the first stdout line
// (and a new line each time the device comes back after `fault vanish`), paces replies at the
// baud rate, and takes control commands, one per line, on stdin and on an optional Unix socket:
//   place <fixture id> | remove | fault <name> [count] | status | quit
// Faults: none no_card select_fail read_fail bad_checksum garbage split stall vanish.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "tools/devsim/commands.hpp"
#include "tools/devsim/control_channel.hpp"
#include "tools/devsim/idcard_sim.hpp"
#include "tools/devsim/pluggable_pty.hpp"

namespace ow::devsim {

namespace {

struct Options {
  unsigned baud = 115200;
  std::string fixtures = OW_DEVSIM_FIXTURES;
  std::string control, link, place;
  int stall_ms = 2000, vanish_ms = 500;
};

class IdCardServer {
 public:
  IdCardServer(Options o, IdCardSim sim)
      : o_(std::move(o)), sim_(std::move(sim)), port_(o_.baud, o_.link, o_.vanish_ms) {}

  int run() {
    std::string err;
    // The socket first: a harness that has read the pty path may connect at once.
    if (!o_.control.empty() && !control_.listen(o_.control, &err)) return fail(err);
    if (!bring_up(&err)) return fail(err);
    while (!stop_requested() && !quit_) {
      std::vector<pollfd> fds;
      if (port_.is_open()) fds.push_back({port_.fd(), POLLIN, 0});
      control_.add_poll_fds(fds);
      const int r = ::poll(fds.data(), fds.size(), port_.poll_timeout_ms(std::chrono::seconds(1)));
      if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
      if (r > 0) {
        if (port_.is_open() && (fds[0].revents & POLLIN)) read_host();
        control_.handle(fds, [this](const std::string& line) { return command(line); });
      }
      if (port_.due_back() && !bring_up(&err)) return fail(err);
      port_.flush();
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
    port_.remove();
    control_.close();
  }

  bool bring_up(std::string* err) {
    // A reader coming back on the line has lost whatever state it had.
    sim_.power_cycle();
    return port_.plug_in(err);
  }

  void read_host() {
    std::uint8_t buf[512];
    const ssize_t n = ::read(port_.fd(), buf, sizeof buf);
    if (n <= 0) return;
    const auto received = Clock::now();
    // A real reader has the command only once its last byte crossed the line.
    const auto start = received + port_.writer().wire_time(static_cast<std::size_t>(n));
    for (auto& out : sim_.receive(std::span(buf, static_cast<std::size_t>(n)))) {
      const auto when = out.stall ? start + std::chrono::milliseconds(o_.stall_ms) : start;
      port_.writer().schedule(out.bytes, when, out.split ? 3 : 16);
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
             std::to_string(sim_.reads()) + " port=" + port_.port();
    }
    if (verb == "quit") {
      quit_ = true;
      return "ok";
    }
    if (verb == "fault") {
      if (arg == "vanish") {
        port_.vanish();
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
  PluggablePty port_;
  ControlChannel control_{2};  // stdout carries only pty paths: stdin's answers go to stderr
  bool quit_ = false;
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
    install_stop_signals();
    exit_code = IdCardServer(*opts, std::move(sim)).run();
  });
}

}  // namespace ow::devsim
