// ID card reader: latency of one full read (find + select + read base info) through the driver
// against `devsim idcard` paced at 115200 baud, as a ratio to the wire time of the same bytes
// (10 bits per byte, both directions; the goal is ≤ 1.1), and the CPU time to decode one
// 1295-byte reply frame (parse + text block), also as a ratio to that frame's wire time.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "drivers/idcard/card_data.hpp"
#include "drivers/idcard/sam_session.hpp"
#include "drivers/transport/serial_transport.hpp"

using Clock = std::chrono::steady_clock;
using namespace ow::drivers;
using namespace ow::drivers::idcard;

namespace {

constexpr unsigned kBaud = 115200;
constexpr int kReads = 12;
constexpr int kDecodes = 20000;

struct Sim {
  pid_t pid = -1;
  int sock = -1;
  std::string link, control;

  bool start() {
    link = "/tmp/ow-bench-idcard-" + std::to_string(getpid()) + ".tty";
    control = "/tmp/ow-bench-idcard-" + std::to_string(getpid()) + ".sock";
    int out[2];
    if (pipe(out) != 0) return false;
    pid = fork();
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(OW_DEVSIM_BIN, OW_DEVSIM_BIN, "idcard", "--baud", std::to_string(kBaud).c_str(), "--link", link.c_str(),
            "--control", control.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    char c;
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0 || read(out[0], &c, 1) != 1) return false;  // the first path line
    for (int i = 0; i < 200 && sock < 0; ++i) {
      const int s = socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un a{};
      a.sun_family = AF_UNIX;
      std::strncpy(a.sun_path, control.c_str(), sizeof a.sun_path - 1);
      if (connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) sock = s;
      else {
        close(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    return sock >= 0;
  }
  bool command(const std::string& line) {
    const std::string l = line + "\n";
    if (write(sock, l.data(), l.size()) < 0) return false;
    std::string answer;
    char c;
    while (read(sock, &c, 1) == 1 && c != '\n') answer += c;
    return answer.rfind("ok", 0) == 0;
  }
  ~Sim() {
    if (sock >= 0) close(sock);
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main() {
  Sim sim;
  if (!sim.start()) {
    std::fprintf(stderr, "bench_idcard: devsim did not start\n");
    return 1;
  }
  SerialTransport port(sim.link, kBaud);
  if (!port.open()) {
    std::fprintf(stderr, "bench_idcard: cannot open %s\n", sim.link.c_str());
    return 1;
  }
  SamSession session(port);
  if (!session.sam_status()) return 1;

  std::vector<double> read_ms;
  std::vector<std::uint8_t> frame;
  double wire_ms = 0;
  for (int i = 0; i < kReads; ++i) {
    if (!sim.command("place resident_male")) return 1;
    const std::size_t sent0 = session.bytes_sent(), recv0 = session.bytes_received();
    const auto t0 = Clock::now();
    auto found = session.find_card();
    auto selected = found && *found ? session.select_card() : DeviceResult<void>(device_error(DeviceErrorCode::Io, "no card"));
    auto card = selected ? session.read_card(false, false) : DeviceResult<CardData>(tl::unexpected(selected.error()));
    const auto t1 = Clock::now();
    if (!card) {
      std::fprintf(stderr, "bench_idcard: read failed: %s\n", card.error().message.c_str());
      return 1;
    }
    const std::size_t bytes = session.bytes_sent() - sent0 + session.bytes_received() - recv0;
    wire_ms = 1000.0 * 10.0 * static_cast<double>(bytes) / kBaud;
    read_ms.push_back(ms(t1 - t0));
    if (!sim.command("remove")) return 1;
  }

  // The decode benchmark's frame: the same reply, rebuilt from the card's text and photo.
  {
    SamSession again(port);
    sim.command("place resident_male");
    again.find_card();
    again.select_card();
    auto reply = again.transact(Command::ReadBaseInfo);
    if (!reply) return 1;
    std::vector<std::uint8_t> body{0x00, 0x00, reply->sw3};
    body.insert(body.end(), reply->data.begin(), reply->data.end());
    frame = build_frame(body);
  }
  const auto d0 = Clock::now();
  std::size_t ok = 0;
  for (int i = 0; i < kDecodes; ++i) {
    auto r = parse_response_frame(frame);
    if (r && parse_card_reply(*r)) ++ok;
  }
  const double decode_us = std::chrono::duration<double, std::micro>(Clock::now() - d0).count() / kDecodes;
  const double frame_wire_ms = 1000.0 * 10.0 * static_cast<double>(frame.size()) / kBaud;
  if (ok != static_cast<std::size_t>(kDecodes)) return 1;

  const double median = percentile(read_ms, 0.5), p90 = percentile(read_ms, 0.9);
  std::fprintf(stderr, "bench_idcard (%d reads at %u baud)\n", kReads, kBaud);
  std::fprintf(stderr, "  %-34s %10.1f ms\n", "full read, median", median);
  std::fprintf(stderr, "  %-34s %10.1f ms\n", "full read, p90", p90);
  std::fprintf(stderr, "  %-34s %10.1f ms\n", "wire time of the same bytes", wire_ms);
  std::fprintf(stderr, "  %-34s %10.3f\n", "ratio read / wire (goal ≤ 1.1)", median / wire_ms);
  std::fprintf(stderr, "  %-34s %10.2f µs\n", "decode one 1295-byte frame", decode_us);
  std::fprintf(stderr, "  %-34s %10.5f\n", "ratio decode / frame wire time", decode_us / 1000.0 / frame_wire_ms);

  nlohmann::json j = {
      {"bench", "idcard"},
      {"baud", kBaud},
      {"reads", kReads},
      {"read_ms_median", median},
      {"read_ms_p90", p90},
      {"wire_ms", wire_ms},
      {"decode_us_per_frame", decode_us},
      {"frame_wire_ms", frame_wire_ms},
      {"ratios", {{"read_vs_wire", median / wire_ms}, {"decode_vs_frame_wire", decode_us / 1000.0 / frame_wire_ms}}},
  };
  std::printf("%s\n", j.dump().c_str());
  return 0;
}
