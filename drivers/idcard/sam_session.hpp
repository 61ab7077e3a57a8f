#pragma once
// One command and its reply at a time over a transport: the synchronous half of the reader.
// Used by the Reader's worker thread, by kioskctl and by the benchmark.
#include <string>

#include "drivers/idcard/card_data.hpp"
#include "drivers/idcard/protocol.hpp"
#include "drivers/transport/transport.hpp"

namespace ow::drivers::idcard {

class SamSession {
 public:
  // `reply_margin`: how long the device may think, on top of the reply's wire time.
  explicit SamSession(Transport& transport, Millis reply_margin = Millis(300))
      : t_(transport), margin_(reply_margin) {}

  // Sends a command and waits for one complete reply frame. Stale input is dropped first; bytes
  // before the reply's preamble are skipped. Errors: Io, Timeout, BadFrame (checksum, length).
  DeviceResult<Response> transact(Command c);

  DeviceResult<void> reset_sam();
  DeviceResult<void> sam_status();       // DeviceStatus when the SAM is not healthy
  DeviceResult<std::string> sam_id();    // hex groups, e.g. "0501-…"; not personal data
  DeviceResult<bool> find_card();        // true: a card answered (9F); false: none (80)
  DeviceResult<void> select_card();
  // Read base info (or with fingerprint) and, if asked, the extra address; content checked.
  // A reply that arrived intact but does not parse is BadFrame with `content_error` set.
  DeviceResult<CardData> read_card(bool with_fingerprint, bool with_extra_address, bool* content_error = nullptr);

  std::size_t bytes_sent() const { return sent_; }
  std::size_t bytes_received() const { return received_; }

 private:
  DeviceResult<void> expect_success(Command c, std::uint8_t wanted_sw3);
  Transport& t_;
  Millis margin_;
  FrameParser parser_;
  std::size_t sent_ = 0, received_ = 0;
};

}  // namespace ow::drivers::idcard
