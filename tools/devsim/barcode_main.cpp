// devsim barcode: a serial QR / barcode scanner (RS-232 or USB CDC-ACM) on a pty. Prints the
// pty's slave path as the first stdout line (and again each time it comes back after `vanish`),
// sends each scan as a line paced at the baud rate, and takes commands, one per line, on stdin and
// on an optional Unix socket:
//   scan <text> | split <text> (sent in three pieces) | garbage (bytes that are not UTF-8)
//   | vanish | status | quit
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "tools/devsim/commands.hpp"
#include "tools/devsim/control_channel.hpp"
#include "tools/devsim/pluggable_pty.hpp"

namespace ow::devsim {

namespace {

struct Options {
  unsigned baud = 9600;
  std::string suffix = "\r";
  std::string control, link;
  int vanish_ms = 500;
};

class BarcodeServer {
 public:
  explicit BarcodeServer(Options o) : o_(std::move(o)), port_(o_.baud, o_.link, o_.vanish_ms) {}

  int run() {
    std::string err;
    // The socket first: a harness that has read the pty path may connect at once.
    if ((!o_.control.empty() && !control_.listen(o_.control, &err)) || !port_.plug_in(&err)) return fail(err);
    while (!stop_requested() && !quit_) {
      std::vector<pollfd> fds;
      control_.add_poll_fds(fds);
      const int r = ::poll(fds.data(), fds.size(), port_.poll_timeout_ms(std::chrono::milliseconds(200)));
      if (r < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
      if (r > 0) control_.handle(fds, [this](const std::string& line) { return command(line); });
      if (port_.due_back() && !port_.plug_in(&err)) return fail(err);
      if (port_.is_open()) {
        drain_host();
        port_.flush();
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
    port_.remove();
    control_.close();
  }

  // A scanner ignores what the host sends (some hosts send wake-up bytes): read and drop it.
  void drain_host() {
    std::uint8_t buf[256];
    while (::read(port_.fd(), buf, sizeof buf) > 0) {
    }
  }

  std::string command(const std::string& line) {
    std::istringstream in(line);
    std::string verb, text;
    in >> verb >> text;
    if (verb.empty()) return "ok";
    const bool sending = verb == "scan" || verb == "split" || verb == "garbage";
    if (sending && !port_.is_open()) return "error: the scanner is unplugged";
    if (verb == "scan" || verb == "split") {
      if (text.empty()) return "error: " + verb + " needs the text";
      const std::string bytes = text + o_.suffix;
      const std::vector<std::uint8_t> v(bytes.begin(), bytes.end());
      // split: three pieces with pauses, as a slow USB-serial bridge delivers them.
      port_.writer().schedule(v, Clock::now(), verb == "split" ? v.size() / 3 + 1 : 64,
                       verb == "split" ? std::chrono::milliseconds(30) : std::chrono::milliseconds(0));
      return "ok";
    }
    if (verb == "garbage") {
      // Line noise and a GBK-encoded name: not UTF-8.
      const std::string bytes = "\xFF\xFE\xD5\xC5\x80" + o_.suffix;
      port_.writer().schedule(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), Clock::now(), 64);
      return "ok";
    }
    if (verb == "vanish") {
      port_.vanish();
      return "ok";
    }
    if (verb == "status") return "ok port=" + port_.port();
    if (verb == "quit") {
      quit_ = true;
      return "ok";
    }
    return "error: unknown command '" + verb + "' (scan, split, garbage, vanish, status, quit)";
  }

  Options o_;
  PluggablePty port_;
  ControlChannel control_{2};  // stdout carries only pty paths: stdin's answers go to stderr
  bool quit_ = false;
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
    install_stop_signals();
    exit_code = BarcodeServer(*opts).run();
  });
}

}  // namespace ow::devsim
