#pragma once
// Test peer for the PC/SC driver: a third-generation social security card played over the vpcd
// socket protocol (vsmartcard's virtual reader inside pcscd listens on a TCP port; the "card"
// connects to it). Wire: u16 big-endian length + payload; a 1-byte payload is a control code
// (00 power off, 01 power on, 02 reset, 04 ATR request, answered with the ATR), anything longer is
// a command APDU answered with a response APDU. Connected = card inserted; disconnected = removed.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ow::test {

// The card's behaviour, T=0 style so that the driver's exchange rules are exercised: SELECT by AID
// answers 61xx and hands the FCI out with GET RESPONSE; READ RECORD with the wrong Le answers 6Cxx.
struct VirtualSsCardSpec {
  bool has_application = true;         // false: SELECT by AID answers 6A82
  std::string expiry_bcd = "20391231";  // EF05 record 06
  std::string card_number = "A12345678";
  int disconnect_after_apdus = -1;     // ≥ 0: "pull the card out" after answering that many APDUs
};

class VirtualSsCard {
 public:
  explicit VirtualSsCard(VirtualSsCardSpec spec) : spec_(std::move(spec)) {}
  std::vector<std::uint8_t> answer(const std::vector<std::uint8_t>& apdu);
  void reset();
  static std::vector<std::uint8_t> atr();

 private:
  std::vector<std::uint8_t> record(std::uint8_t n) const;
  VirtualSsCardSpec spec_;
  bool app_selected_ = false, ef05_selected_ = false;
  std::vector<std::uint8_t> pending_;  // what GET RESPONSE hands out
};

class VpcdCardFixture {
 public:
  explicit VpcdCardFixture(std::uint16_t port) : port_(port) {}
  ~VpcdCardFixture() { remove(); }
  VpcdCardFixture(const VpcdCardFixture&) = delete;
  VpcdCardFixture& operator=(const VpcdCardFixture&) = delete;

  // Connects to vpcd (retrying for up to `connect_ms`) and serves the card on a thread.
  bool insert(VirtualSsCardSpec spec, int connect_ms = 5000);
  // Disconnects (the card is pulled out, or the reader's peer vanishes) and joins the thread.
  void remove();
  int apdus_answered() const { return apdus_.load(); }
  bool connected() const { return serving_.load(); }

 private:
  void serve(VirtualSsCard card, int disconnect_after);
  std::uint16_t port_;
  std::atomic<int> fd_{-1};
  std::atomic<int> apdus_{0};
  std::atomic<bool> serving_{false};
  std::thread thread_;
};

}  // namespace ow::test
