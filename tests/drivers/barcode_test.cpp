// The barcode scanner driver: the line reader on hand-written byte streams, and the serial
// scanner over a pty (lines, split writes, overlong, garbage, the port vanishing and coming back).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/barcode/line_reader.hpp"
#include "drivers/barcode/serial_scanner.hpp"
#include "tools/devsim/pty_port.hpp"

using namespace ow::drivers;
using namespace ow::drivers::barcode;
using ow::devsim::PtyPort;
using namespace std::chrono_literals;

namespace {

std::vector<LineResult> feed(LineReader& r, std::string_view s, Clock::time_point t) {
  return r.feed(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()), t);
}

std::vector<std::string> ok_lines(const std::vector<LineResult>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs)
    if (r) out.push_back(r->str());
  return out;
}

const std::string kCode = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";

}  // namespace

TEST_CASE("lines end at CR, LF or CRLF; a CRLF split across reads is one terminator") {
  LineReader r;
  const auto t = Clock::now();
  CHECK(ok_lines(feed(r, "AAA\rBBB\nCCC\r\nDDD\r", t)) == std::vector<std::string>{"AAA", "BBB", "CCC", "DDD"});
  CHECK(feed(r, "\n", t).empty());  // the LF of DDD's CRLF, arriving late
  CHECK(feed(r, "\r\n\n", t).empty());  // empty lines are skipped
  CHECK(ok_lines(feed(r, "EEE\n", t)) == std::vector<std::string>{"EEE"});
}

TEST_CASE("a configured suffix is the only terminator") {
  const auto t = Clock::now();
  LineReaderOptions o;
  o.suffix = LineSuffix::Tab;
  LineReader tab(o);
  CHECK(ok_lines(feed(tab, "A\rB\nC\tD\t", t)) == std::vector<std::string>{"A\rB\nC", "D"});
  o.suffix = LineSuffix::CrLf;
  LineReader crlf(o);
  CHECK(ok_lines(feed(crlf, "X\rY\r", t)).empty());
  CHECK(ok_lines(feed(crlf, "\nZ\n", t)) == std::vector<std::string>{"X\rY", "Z"});
  CHECK(parse_line_suffix("crlf") == LineSuffix::CrLf);
  CHECK(parse_line_suffix("none") == LineSuffix::None);
  CHECK_FALSE(parse_line_suffix("CRLF "));
}

TEST_CASE("a partial line is dropped after the timeout, not glued to the next scan") {
  LineReader r;
  const auto t = Clock::now();
  CHECK(feed(r, "HALF", t).empty());
  REQUIRE(r.deadline());
  CHECK(*r.deadline() == t + r.options().partial_timeout);
  CHECK_FALSE(r.expire(t + 100ms));
  auto dropped = r.expire(t + 400ms);
  REQUIRE(dropped);
  REQUIRE_FALSE(*dropped);
  CHECK(dropped->error().code == LineErrorCode::Incomplete);
  CHECK(dropped->error().bytes == 4);
  CHECK(ok_lines(feed(r, "WHOLE\r", t + 500ms)) == std::vector<std::string>{"WHOLE"});
  // Without a call to expire(), the next burst still drops the stale half first.
  const auto rs = feed(r, "OLD", t + 1s);
  CHECK(rs.empty());
  const auto next = feed(r, "NEW\r", t + 2s);
  REQUIRE(next.size() == 2);
  CHECK(next[0].error().code == LineErrorCode::Incomplete);
  CHECK(*next[1] == "NEW");
}

TEST_CASE("with no suffix a pause ends the scan") {
  LineReaderOptions o;
  o.suffix = LineSuffix::None;
  LineReader r(o);
  const auto t = Clock::now();
  CHECK(feed(r, "ABC\r\nDEF", t).empty());
  auto line = r.expire(t + 1s);
  REQUIRE(line);
  REQUIRE(*line);
  CHECK(**line == "ABC\r\nDEF");
}

TEST_CASE("an overlong line is rejected with its length, and the next line is read normally") {
  LineReaderOptions o;
  o.max_bytes = 16;
  LineReader r(o);
  const auto t = Clock::now();
  const auto rs = feed(r, std::string(100, 'A') + "\rSHORT\r", t);
  REQUIRE(rs.size() == 2);
  REQUIRE_FALSE(rs[0]);
  CHECK(rs[0].error().code == LineErrorCode::TooLong);
  CHECK(rs[0].error().bytes == 100);
  CHECK(rs[0].error().message().find("longer than the limit") != std::string::npos);
  CHECK(*rs[1] == "SHORT");
  CHECK(ok_lines(feed(r, std::string(16, 'B') + "\r", t)) == std::vector<std::string>{std::string(16, 'B')});
}

TEST_CASE("bytes that are not UTF-8 are rejected as a whole; UTF-8 text passes") {
  LineReader r;
  const auto t = Clock::now();
  const auto rs = feed(r, "\xD5\xC5\xC8\xFD\r"  // GBK 张三
                          "\xC0\xAF\r"          // overlong '/'
                          "\xED\xA0\x80\r"      // a surrogate
                          "张三 OK\r",
                       t);
  REQUIRE(rs.size() == 4);
  for (int i = 0; i < 3; ++i) {
    REQUIRE_FALSE(rs[static_cast<std::size_t>(i)]);
    CHECK(rs[static_cast<std::size_t>(i)].error().code == LineErrorCode::NotUtf8);
  }
  CHECK(*rs[3] == "张三 OK");
  // The error names the size only, never the bytes.
  CHECK(rs[0].error().message().find("\xD5") == std::string::npos);
}

namespace {

struct Events {
  std::mutex m;
  std::vector<std::string> scans;
  std::vector<LineError> rejected;
  std::vector<DeviceState> states;

  void on(ScannerEvent e) {
    std::lock_guard lock(m);
    if (auto* s = std::get_if<ScanEvent>(&e)) scans.push_back(s->text.str());
    else if (auto* r = std::get_if<ScanRejectedEvent>(&e)) rejected.push_back(r->error);
    else states.push_back(std::get<ScannerStatusEvent>(e).state);
  }
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(m);
        if (pred(*this)) return true;
      }
      std::this_thread::sleep_for(5ms);
    }
    std::lock_guard lock(m);
    return pred(*this);
  }
};

void send(const PtyPort& pty, std::string_view s) {
  REQUIRE(::write(pty.master_fd(), s.data(), s.size()) == static_cast<ssize_t>(s.size()));
}

struct LinkedPty {
  std::filesystem::path link = std::filesystem::temp_directory_path() / ("ow-barcode-" + std::to_string(getpid()));
  PtyPort pty;
  LinkedPty() { up(); }
  ~LinkedPty() { std::filesystem::remove(link); }
  void up() {
    std::string err;
    REQUIRE(pty.open(&err));
    REQUIRE(pty.update_link(link, &err));
  }
  void vanish() {
    pty.close();
    std::filesystem::remove(link);
  }
};

SerialScannerConfig config_for(const std::filesystem::path& port) {
  SerialScannerConfig c;
  c.port = port.string();
  c.baud = 115200;
  c.reconnect_every = 50ms;
  c.lines.max_bytes = 1024;
  return c;
}

}  // namespace

TEST_CASE("a serial scanner on a pty: whole, split and back-to-back scans; overlong and garbage rejected") {
  LinkedPty port;
  Events ev;
  SerialScanner scanner(config_for(port.link), [&](ScannerEvent e) { ev.on(std::move(e)); });
  scanner.start();
  REQUIRE(ev.wait([](Events& e) { return !e.states.empty() && e.states.back() == DeviceState::Online; }));
  CHECK(scanner.health(HealthLevel::Internal).passed);
  CHECK(scanner.health(HealthLevel::External).passed);

  send(port.pty, kCode + "\r\n");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 1; }));
  CHECK(ev.scans[0] == kCode);

  // One scan in three writes, the terminator alone at the end.
  send(port.pty, kCode.substr(0, 10));
  std::this_thread::sleep_for(20ms);
  send(port.pty, kCode.substr(10));
  std::this_thread::sleep_for(20ms);
  send(port.pty, "\r");
  // Two scans in one write.
  send(port.pty, "K1-20261122-0001\rK1-20261122-0002\r");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 4; }));
  CHECK(ev.scans[1] == kCode);
  CHECK(ev.scans[2] == "K1-20261122-0001");
  CHECK(ev.scans[3] == "K1-20261122-0002");

  send(port.pty, std::string(3000, 'Z') + "\r");
  send(port.pty, std::string("\xFF\xFE\x00\x01garbage\r", 12));
  send(port.pty, "AFTER\r");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 5 && e.rejected.size() == 2; }));
  CHECK(ev.rejected[0].code == LineErrorCode::TooLong);
  CHECK(ev.rejected[0].bytes == 3000);
  CHECK(ev.rejected[1].code == LineErrorCode::NotUtf8);
  CHECK(ev.scans[4] == "AFTER");
  const auto counters = scanner.counters();
  CHECK(counters.operations == 5);
  CHECK(counters.errors == 2);
  CHECK(counters.last_error.find("UTF-8") != std::string::npos);
  scanner.stop();
  CHECK(scanner.state() == DeviceState::NoDevice);
}

TEST_CASE("a half scan followed by silence is dropped, not joined to the next scan") {
  LinkedPty port;
  Events ev;
  auto cfg = config_for(port.link);
  cfg.lines.partial_timeout = 100ms;
  SerialScanner scanner(cfg, [&](ScannerEvent e) { ev.on(std::move(e)); });
  scanner.start();
  REQUIRE(ev.wait([](Events& e) { return !e.states.empty() && e.states.back() == DeviceState::Online; }));
  send(port.pty, "HALF-A-SCAN");
  REQUIRE(ev.wait([](Events& e) { return e.rejected.size() == 1; }));
  CHECK(ev.rejected[0].code == LineErrorCode::Incomplete);
  send(port.pty, "NEXT-SCAN\r");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 1; }));
  CHECK(ev.scans[0] == "NEXT-SCAN");
}

TEST_CASE("the port vanishing and coming back: offline, then online again, scans resume") {
  LinkedPty port;
  Events ev;
  SerialScanner scanner(config_for(port.link), [&](ScannerEvent e) { ev.on(std::move(e)); });
  scanner.start();
  REQUIRE(ev.wait([](Events& e) { return !e.states.empty() && e.states.back() == DeviceState::Online; }));
  send(port.pty, "BEFORE-1234\r");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 1; }));

  port.vanish();
  REQUIRE(ev.wait([](Events& e) { return e.states.back() == DeviceState::Offline || e.states.back() == DeviceState::NoDevice; }));
  CHECK_FALSE(scanner.health(HealthLevel::External).passed);
  // Unplugged for a while: it keeps trying without piling up status events.
  std::this_thread::sleep_for(300ms);
  {
    std::lock_guard lock(ev.m);
    CHECK(ev.states.size() <= 4);
  }

  port.up();
  REQUIRE(ev.wait([](Events& e) { return e.states.back() == DeviceState::Online; }));
  send(port.pty, "AFTER-5678\r");
  REQUIRE(ev.wait([](Events& e) { return e.scans.size() == 2; }));
  CHECK(ev.scans[1] == "AFTER-5678");
}

TEST_CASE("no port at all: no_device with the reason, and the interactive check waits for a scan") {
  Events ev;
  SerialScanner scanner(config_for("/nonexistent/ow-barcode"), [&](ScannerEvent e) { ev.on(std::move(e)); });
  scanner.start();
  REQUIRE(ev.wait([](Events& e) { return !e.states.empty(); }));
  CHECK(scanner.state() == DeviceState::NoDevice);
  CHECK(scanner.status_message().find("/nonexistent/ow-barcode") != std::string::npos);
  CHECK_FALSE(scanner.health(HealthLevel::Interactive, 50ms).passed);

  LinkedPty port;
  SerialScanner live(config_for(port.link), nullptr);
  live.start();
  std::thread technician([&] {
    std::this_thread::sleep_for(100ms);
    const std::string_view code = "TEST-CODE-0001\r";
    if (::write(port.pty.master_fd(), code.data(), code.size()) < 0) return;  // the check then fails
  });
  CHECK(live.health(HealthLevel::Interactive, 5s).passed);
  technician.join();
}
