#pragma once
// The device side of the GA 467 SAM protocol, for tests: cards from fixtures, command handling
// (the frame code is the driver's own, protocol.hpp), and the faults a test can inject. No I/O and
// no clock: FakeIdCardReader puts it behind a FakeLink in-process, and `devsim idcard` (which
// reads the fixtures from JSON) behind a pty.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "drivers/idcard/protocol.hpp"
#include "drivers/transport/fake_transport.hpp"

namespace ow::drivers::idcard::fake {

struct CardFixture {
  std::string id;    // what `place <id>` names
  std::string type;  // "resident", "permit" ('J'), "foreigner" ('I'), or "unknown:<char>"
  std::string name, name_en, sex = "1", ethnic_code, birth, address, id_number, authority;
  std::string valid_from, valid_to;  // YYYYMMDD; valid_to may be "长期"
  std::string pass_number, issue_count, nationality, card_version, office_code;
  std::string extra_address;  // served by read extra address (30 03); empty: item empty (91)
  bool fingerprint = false;   // whether read with fingerprint returns 1024 fingerprint bytes
};

// The 256-byte UCS-2LE text block of a fixture, space padded, type char at 248.
std::vector<std::uint8_t> encode_text_block(const CardFixture& card);
// Opaque stand-in for the card's WLT photo: deterministic bytes per card, not an image.
std::vector<std::uint8_t> fixture_wlt(const CardFixture& card);

enum class Fault { None, NoCard, SelectFail, ReadFail, BadChecksum, Garbage, Split, Stall };
std::optional<Fault> parse_fault(std::string_view name);

// One reply and how to put it on the wire.
struct Outgoing {
  std::vector<std::uint8_t> bytes;
  bool split = false;  // many small writes
  bool stall = false;  // held back longer than any reply timeout
};

class FakeReaderDevice {
 public:
  explicit FakeReaderDevice(std::vector<CardFixture> cards);

  bool place(std::string_view id);  // false: no such fixture
  void remove();
  bool card_present() const { return card_ >= 0; }
  // `count` < 0: until `fault none`; otherwise for the next `count` replies it applies to.
  void set_fault(Fault f, int count = -1);
  // The reader lost power (the port vanished): the card in the field may be read again.
  void power_cycle();

  // Bytes from the host in, replies out (a command may arrive in pieces).
  std::vector<Outgoing> receive(std::span<const std::uint8_t> bytes);
  const std::vector<CardFixture>& cards() const { return cards_; }
  std::size_t reads() const { return reads_; }

 private:
  std::vector<std::uint8_t> handle(std::span<const std::uint8_t> body);
  bool take(Fault f);  // the fault is active for this reply (and counts it)
  std::vector<std::uint8_t> reply(std::uint8_t sw3, std::span<const std::uint8_t> data = {});
  std::vector<std::uint8_t> card_reply(bool with_fingerprint);

  std::vector<CardFixture> cards_;
  int card_ = -1;
  bool selected_ = false, consumed_ = false;
  Fault fault_ = Fault::None;
  int fault_count_ = -1;
  FrameParser parser_;
  std::mt19937 rng_{4670};
  std::size_t reads_ = 0;
};

// A reader on a fake link, for driver and core tests: the driver gets transport(), the test
// places and removes cards from its own thread. Replies go out whole (split and stall faults are
// the pty simulator's business); a stalled reply is never sent.
class FakeIdCardReader {
 public:
  explicit FakeIdCardReader(std::vector<CardFixture> cards, std::string description = "fake idcard reader");
  ~FakeIdCardReader();  // the link may outlive it (the driver holds its end): it stops answering
  FakeIdCardReader(const FakeIdCardReader&) = delete;
  FakeIdCardReader& operator=(const FakeIdCardReader&) = delete;
  std::unique_ptr<Transport> transport() { return link_->transport(); }
  FakeLink& link() { return *link_; }

  bool place(std::string_view id);
  void remove();
  void set_fault(Fault f, int count = -1);
  std::size_t reads() const;

 private:
  std::shared_ptr<FakeLink> link_;
  mutable std::mutex mu_;
  FakeReaderDevice device_;
};

// Two fixtures every test may use: a resident (resident_male) and a foreigner's permit.
std::vector<CardFixture> sample_cards();

}  // namespace ow::drivers::idcard::fake
