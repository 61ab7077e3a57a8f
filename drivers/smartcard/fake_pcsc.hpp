#pragma once
// An in-process PC/SC service for tests: one or more readers, a card the test inserts and removes,
// and the card itself — a social security card applet (SELECT the application, SELECT EF05,
// READ RECORD 01…07) built from a fixture, or a card without the application. The reader's own
// code (pcsc_reader.cpp) runs against it unchanged; the pcscd + vpcd integration test covers
// libpcsclite itself. No sleeps: a status-change wait returns on insert, remove or cancel.
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "drivers/smartcard/apdu.hpp"
#include "drivers/smartcard/pcsc_api.hpp"

namespace ow::drivers::smartcard {

// What a social security card carries in EF05 (sscard.hpp), as the card stores it.
struct SscardFixture {
  std::string identification_code = "330100D156000005";  // 16 characters, region first
  std::string card_type = "1";
  std::string spec_version = "3.00";
  std::string institution = "330100000001";
  std::string issue_date = "20210520";   // YYYYMMDD, stored as BCD
  std::string expiry_date = "20310520";
  std::string card_number = "A12345678";
  bool social_security = true;  // false: a bank or transit card; SELECT of the application gives 6A82
};

// The card's side of the exchange: a command APDU in, a response APDU (data, SW1 SW2) out.
class FakeSscardApplet {
 public:
  explicit FakeSscardApplet(SscardFixture card) : card_(std::move(card)) {}
  Bytes answer(std::span<const std::uint8_t> apdu);
  // The TLV of EF05 record `record` (01…07).
  Bytes record(std::uint8_t record) const;

 private:
  SscardFixture card_;
  bool application_ = false, ef05_ = false;
};

class FakePcsc final : public PcscApi {
 public:
  explicit FakePcsc(std::vector<std::string> readers = {"OneWindow Fake Reader 00 00"});

  // The test's side (any thread).
  void insert(const SscardFixture& card, const std::string& reader = {});  // empty: the first reader
  void remove(const std::string& reader = {});
  // pcscd stopped: contexts fail NoService and waits end with SCARD_E_NO_SERVICE.
  void set_service(bool running);
  std::size_t connects() const;

  // PcscApi, for the reader's worker.
  long establish_context(Context& context) override;
  long release_context(Context context) override;
  long cancel(Context context) override;
  long list_readers(Context context, std::vector<std::string>& readers) override;
  long get_status_change(Context context, unsigned long timeout_ms, std::span<ReaderState> states) override;
  long connect(Context context, const std::string& reader, Card& card, unsigned long& protocol) override;
  long transmit(Card card, unsigned long protocol, std::span<const std::uint8_t> apdu, Bytes& response) override;
  long disconnect(Card card) override;

 private:
  struct Slot {
    std::optional<FakeSscardApplet> card;
    unsigned long events = 0;  // insertions and removals so far: the high word of a reader's state
  };
  Slot* slot(const std::string& reader);
  unsigned long state_of(const std::string& reader);  // SCARD_STATE_* now, with the event count
  bool changed(ReaderState& s);                      // fills s.event; true when it differs from s.current

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> order_;
  std::map<std::string, Slot> slots_;
  bool service_ = true;
  Context next_context_ = 1;
  std::set<Context> contexts_, cancelled_;
  Card next_card_ = 100;
  std::map<Card, std::string> cards_;
  std::size_t connects_ = 0;
};

}  // namespace ow::drivers::smartcard
