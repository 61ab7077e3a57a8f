#pragma once
// The PC/SC calls the reader makes, behind an interface so that a test can stand in for pcscd
// (fake_pcsc.hpp) while the reader's own code — the watch loop, the read, the error mapping — runs
// as it does on a kiosk. Return codes and state flags are pcsc-lite's own (SCARD_*), as long and
// unsigned long, which is what LONG and DWORD are on Linux; winscard.h stays in the .cpp files.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ow::drivers::smartcard {

class PcscApi {
 public:
  using Context = std::intptr_t;  // SCARDCONTEXT
  using Card = std::intptr_t;     // SCARDHANDLE
  // One entry of SCardGetStatusChange: `current` in, `event` out.
  struct ReaderState {
    std::string reader;
    unsigned long current = 0;
    unsigned long event = 0;
  };

  virtual ~PcscApi() = default;
  virtual long establish_context(Context& context) = 0;
  virtual long release_context(Context context) = 0;
  // Ends a get_status_change waiting on `context` (any thread).
  virtual long cancel(Context context) = 0;
  // SCARD_E_NO_READERS_AVAILABLE when there are none.
  virtual long list_readers(Context context, std::vector<std::string>& readers) = 0;
  virtual long get_status_change(Context context, unsigned long timeout_ms, std::span<ReaderState> states) = 0;
  virtual long connect(Context context, const std::string& reader, Card& card, unsigned long& protocol) = 0;
  // `response` holds the whole response APDU (data and SW1 SW2).
  virtual long transmit(Card card, unsigned long protocol, std::span<const std::uint8_t> apdu,
                        std::vector<std::uint8_t>& response) = 0;
  virtual long disconnect(Card card) = 0;
};

// pcsc-lite: libpcsclite talking to pcscd.
std::shared_ptr<PcscApi> system_pcsc();

}  // namespace ow::drivers::smartcard
