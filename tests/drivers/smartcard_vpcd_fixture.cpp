#include "tests/drivers/smartcard_vpcd_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace ow::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes ascii(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes bcd(std::string_view digits) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>((digits[i] - '0') << 4 | (digits[i + 1] - '0')));
  return out;
}

// Sized up front here and below: GCC 12 warns falsely (-Warray-bounds) on inserting after a
// braced initialiser.
Bytes tlv(std::uint8_t tag, const Bytes& value) {
  Bytes out(2 + value.size());
  out[0] = tag;
  out[1] = static_cast<std::uint8_t>(value.size());
  std::copy(value.begin(), value.end(), out.begin() + 2);
  return out;
}

Bytes with_sw(Bytes data, std::uint16_t sw) {
  data.push_back(static_cast<std::uint8_t>(sw >> 8));
  data.push_back(static_cast<std::uint8_t>(sw & 0xFF));
  return data;
}

const Bytes kAid{0x73, 0x78, 0x31, 0x2E, 0x73, 0x68, 0x2E, 0xC9, 0xE7, 0xBB, 0xE1, 0xB1, 0xA3, 0xD5, 0xCF};

bool read_all(int fd, std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const ssize_t r = ::recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool send_msg(int fd, const Bytes& payload) {
  Bytes frame(2 + payload.size());
  frame[0] = static_cast<std::uint8_t>(payload.size() >> 8);
  frame[1] = static_cast<std::uint8_t>(payload.size() & 0xFF);
  std::copy(payload.begin(), payload.end(), frame.begin() + 2);
  return ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(frame.size());
}

}  // namespace

Bytes VirtualSsCard::atr() {
  // T=0 only (no TD1), TB1 = TC1 = 00, 12 historical bytes "OW-SSCARD-V3".
  Bytes a{0x3B, 0x6C, 0x00, 0x00};
  for (char c : std::string_view("OW-SSCARD-V3")) a.push_back(static_cast<std::uint8_t>(c));
  return a;
}

void VirtualSsCard::reset() {
  app_selected_ = ef05_selected_ = false;
  pending_.clear();
}

Bytes VirtualSsCard::record(std::uint8_t n) const {
  switch (n) {
    case 1: return tlv(1, ascii("330100D156000005"));
    case 2: return tlv(2, ascii("1"));
    case 3: return tlv(3, ascii("3.00"));
    case 4: return tlv(4, ascii("330100000001"));
    case 5: return tlv(5, bcd("20240315"));
    case 6: return tlv(6, bcd(spec_.expiry_bcd));
    case 7: return tlv(7, ascii(spec_.card_number));
    default: return {};
  }
}

Bytes VirtualSsCard::answer(const Bytes& apdu) {
  if (apdu.size() < 4) return with_sw({}, 0x6700);
  const std::uint8_t cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
  if (cla != 0x00) return with_sw({}, 0x6E00);
  const std::uint8_t p3 = apdu.size() > 4 ? apdu[4] : 0;
  const Bytes data = apdu.size() > 5 ? Bytes(apdu.begin() + 5, apdu.begin() + 5 + std::min<std::size_t>(p3, apdu.size() - 5))
                                     : Bytes{};
  switch (ins) {
    case 0xA4: {  // SELECT
      pending_.clear();
      if (p1 == 0x04) {
        if (!spec_.has_application || data != kAid) return with_sw({}, 0x6A82);
        app_selected_ = true;
        ef05_selected_ = false;
        pending_ = tlv(0x6F, tlv(0x84, kAid));  // FCI with the DF name
        return with_sw({}, static_cast<std::uint16_t>(0x6100 | pending_.size()));
      }
      if (p1 == 0x00 && data == Bytes{0xEF, 0x05} && app_selected_) {
        ef05_selected_ = true;
        return with_sw({}, 0x9000);
      }
      return with_sw({}, 0x6A82);
    }
    case 0xC0: {  // GET RESPONSE
      if (pending_.empty()) return with_sw({}, 0x6985);
      if (p3 != pending_.size()) return with_sw({}, static_cast<std::uint16_t>(0x6C00 | pending_.size()));
      Bytes out = std::move(pending_);
      pending_.clear();
      return with_sw(out, 0x9000);
    }
    case 0xB2: {  // READ RECORD
      if (!ef05_selected_) return with_sw({}, 0x6986);
      if (p2 != 0x04) return with_sw({}, 0x6A86);
      Bytes rec = record(p1);
      if (rec.empty()) return with_sw({}, 0x6A83);
      // T=0: Le 00 asks for 256 bytes; the card says how many it has.
      if (p3 != rec.size()) return with_sw({}, static_cast<std::uint16_t>(0x6C00 | rec.size()));
      return with_sw(rec, 0x9000);
    }
    default: return with_sw({}, 0x6D00);
  }
}

bool VpcdCardFixture::insert(VirtualSsCardSpec spec, int connect_ms) {
  remove();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(connect_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      fd_ = fd;
      apdus_ = 0;
      serving_ = true;
      const int after = spec.disconnect_after_apdus;
      thread_ = std::thread([this, card = VirtualSsCard(std::move(spec)), after]() mutable { serve(std::move(card), after); });
      return true;
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void VpcdCardFixture::remove() {
  const int fd = fd_.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);  // wakes the serving thread's recv
  if (thread_.joinable()) thread_.join();
  if (fd >= 0) ::close(fd);
  fd_ = -1;
}

void VpcdCardFixture::serve(VirtualSsCard card, int disconnect_after) {
  const int fd = fd_.load();
  while (true) {
    std::uint8_t len_be[2];
    if (!read_all(fd, len_be, 2)) break;
    const std::size_t len = static_cast<std::size_t>(len_be[0] << 8 | len_be[1]);
    Bytes payload(len);
    if (len > 0 && !read_all(fd, payload.data(), len)) break;
    if (len == 1) {
      if (payload[0] == 0x04 && !send_msg(fd, VirtualSsCard::atr())) break;
      if (payload[0] == 0x00 || payload[0] == 0x02) card.reset();
      continue;
    }
    if (disconnect_after >= 0 && apdus_.load() >= disconnect_after) break;  // pulled out mid-read
    // Counted before the answer leaves: a test that sees the answer's effect must see the count.
    ++apdus_;
    if (!send_msg(fd, card.answer(payload))) break;
  }
  // The peer sees the card go; the descriptor itself is closed by remove() after the join.
  ::shutdown(fd, SHUT_RDWR);
  serving_ = false;
}

}  // namespace ow::test
