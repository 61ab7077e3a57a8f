// The serial transport on a pty: raw bytes, partial reads, timeouts, hang-up and reopen.
#include <doctest/doctest.h>
#include <unistd.h>

#include <vector>

#include "drivers/transport/serial_transport.hpp"
#include "drivers/transport/usb_transport.hpp"
#include "tools/devsim/pty_port.hpp"

using namespace ow::drivers;
using ow::devsim::PtyPort;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("bytes pass both ways unchanged, including CR, LF and XON/XOFF") {
  PtyPort pty;
  std::string err;
  REQUIRE(pty.open(&err));
  SerialTransport port(pty.slave_path(), 115200);
  REQUIRE(port.open());
  CHECK(port.bytes_per_second() == doctest::Approx(11520.0));

  const Bytes out{0xAA, 0x0D, 0x0A, 0x11, 0x13, 0x03, 0x7F, 0x00};
  REQUIRE(port.write(out, Millis(100)));
  Bytes got(out.size());
  REQUIRE(::read(pty.master_fd(), got.data(), got.size()) == static_cast<ssize_t>(out.size()));
  CHECK(got == out);

  REQUIRE(::write(pty.master_fd(), out.data(), out.size()) == static_cast<ssize_t>(out.size()));
  Bytes in(out.size());
  REQUIRE(read_exact(port, in, std::chrono::steady_clock::now() + Millis(500)));
  CHECK(in == out);
}

TEST_CASE("a read returns what has arrived, and times out when nothing does") {
  PtyPort pty;
  REQUIRE(pty.open(nullptr));
  SerialTransport port(pty.slave_path(), 9600);
  REQUIRE(port.open());
  const Bytes three{1, 2, 3};
  REQUIRE(::write(pty.master_fd(), three.data(), 3) == 3);
  Bytes buf(64);
  auto n = port.read(buf, Millis(200));
  REQUIRE(n);
  CHECK(*n == 3);  // partial: 64 asked, 3 there
  auto none = port.read(buf, Millis(20));
  REQUIRE_FALSE(none);
  CHECK(none.error().code == DeviceErrorCode::Timeout);
  Bytes six(6);
  auto short_read = read_exact(port, six, std::chrono::steady_clock::now() + Millis(20));
  REQUIRE_FALSE(short_read);
  CHECK(short_read.error().code == DeviceErrorCode::Timeout);
}

TEST_CASE("stale input is discarded") {
  PtyPort pty;
  REQUIRE(pty.open(nullptr));
  SerialTransport port(pty.slave_path(), 115200);
  REQUIRE(port.open());
  const Bytes stale{9, 9, 9};
  REQUIRE(::write(pty.master_fd(), stale.data(), 3) == 3);
  usleep(20000);
  port.discard_input();
  Bytes buf(8);
  CHECK_FALSE(port.read(buf, Millis(20)));
}

TEST_CASE("the port vanishing is an I/O error, and reopening finds the new one") {
  auto pty = std::make_unique<PtyPort>();
  REQUIRE(pty->open(nullptr));
  const std::string link = "/tmp/ow-serial-test-" + std::to_string(getpid());
  REQUIRE(pty->update_link(link, nullptr));
  SerialTransport port(link, 115200);
  REQUIRE(port.open());
  pty->close();
  Bytes buf(8);
  auto r = port.read(buf, Millis(200));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == DeviceErrorCode::Io);
  port.close();
  unlink(link.c_str());
  auto gone = port.open();
  REQUIRE_FALSE(gone);
  CHECK(gone.error().code == DeviceErrorCode::NoDevice);

  auto again = std::make_unique<PtyPort>();
  REQUIRE(again->open(nullptr));
  REQUIRE(again->update_link(link, nullptr));
  REQUIRE(port.open());
  const Bytes hello{0x42};
  REQUIRE(::write(again->master_fd(), hello.data(), 1) == 1);
  auto n = port.read(buf, Millis(200));
  REQUIRE(n);
  CHECK(buf[0] == 0x42);
  unlink(link.c_str());
}

TEST_CASE("unsupported baud rates and non-serial files are refused at open") {
  SerialTransport odd("/dev/null", 12345);
  auto r = odd.open();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == DeviceErrorCode::Unsupported);
  SerialTransport not_tty("/dev/null", 9600);
  auto t = not_tty.open();
  REQUIRE_FALSE(t);
  CHECK(t.error().code == DeviceErrorCode::Io);
  CHECK(serial_baud_supported(115200));
  CHECK_FALSE(serial_baud_supported(1000));
}

TEST_CASE("HID framing: 64-byte reports, the last zero-padded") {
  Bytes frame(130);
  for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i + 1);
  auto reports = split_into_hid_reports(frame);
  REQUIRE(reports.size() == 3);
  CHECK(reports[0][0] == 1);
  CHECK(reports[1][0] == 65);
  CHECK(reports[2][0] == 129);
  CHECK(reports[2][1] == 130);
  CHECK(reports[2][2] == 0);
  CHECK(reports[2][63] == 0);
  CHECK(split_into_hid_reports({}).empty());
}

TEST_CASE("USB transport: a reader that is not plugged in is no_device, not a crash") {
  TransportConfig c;
  c.kind = TransportKind::UsbBulk;
  c.usb_vendor = 0xFFFE;  // reserved, never assigned
  c.usb_product = 0x0001;
  auto t = make_transport(c);
  auto r = t->open();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == DeviceErrorCode::NoDevice);
  CHECK_FALSE(t->is_open());
  Bytes buf(8);
  CHECK_FALSE(t->read(buf, Millis(1)));
  CHECK(t->describe() == "usb fffe:0001");
}
