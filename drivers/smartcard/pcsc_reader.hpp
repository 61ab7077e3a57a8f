#pragma once
// The social security card reader through PC/SC (pcsc-lite's pcscd). A worker thread waits on
// SCardGetStatusChange for card insert/remove on every reader (or the configured ones) and for
// readers being plugged in or out (the \\?PnP?\Notification pseudo-reader); an inserted card is
// read at once (sscard.hpp) and the result is posted through the event callback. pcscd not
// running, or no reader, is DeviceState::NoDevice with a message that says which; the worker keeps
// retrying and recovers on its own when pcscd or a reader comes back.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "drivers/device_error.hpp"
#include "drivers/device_status.hpp"
#include "drivers/smartcard/pcsc_api.hpp"
#include "drivers/smartcard/sscard.hpp"

namespace ow::drivers::smartcard {

struct PcscConfig {
  // Only readers whose name contains this text are watched (e.g. "ACS ACR39U"); empty = all.
  std::string reader_filter;
  // How often to try again while pcscd is not reachable or a PC/SC call failed.
  std::chrono::milliseconds retry_interval{1000};
  // False: after a failure the worker waits for reconnect_now() (the device manager's backoff)
  // instead of its own timer. Readers plugged in are reported by pcscd itself either way.
  bool self_reconnect = true;
  // The PC/SC service; null: pcsc-lite (pcscd). Tests hand in a FakePcsc (fake_pcsc.hpp).
  std::shared_ptr<PcscApi> api = nullptr;
};

// A social security card was read. `expired` compares the card's expiry with the kiosk's date.
struct CardReadEvent {
  std::string reader;
  CardReadResult card;
  bool expired = false;
};
// A card was inserted but could not be read as a social security card.
struct CardRejectedEvent {
  std::string reader;
  ReadError error;
};
struct CardRemovedEvent {
  std::string reader;
};
struct StatusChangedEvent {
  DeviceState state = DeviceState::NoDevice;
  std::string message;  // for technicians
};
using SmartcardEvent = std::variant<CardReadEvent, CardRejectedEvent, CardRemovedEvent, StatusChangedEvent>;

struct PcscStatus {
  DeviceState state = DeviceState::NoDevice;
  std::string message;
  std::vector<std::string> readers;  // the readers being watched
  bool card_present = false;
  DeviceCounters counters;           // operations = card reads attempted
};

class PcscReader {
 public:
  // Called on the worker thread; keep it short (post to a queue). Never called after stop().
  using EventCallback = std::function<void(SmartcardEvent)>;  // the receiver owns the event

  PcscReader(PcscConfig config, EventCallback on_event);
  ~PcscReader();
  PcscReader(const PcscReader&) = delete;
  PcscReader& operator=(const PcscReader&) = delete;

  void start();
  // Wakes the worker (SCardCancel) and joins it. Safe to call twice.
  void stop();
  // Replaces the event sink (any thread); once this returns the old one is not running.
  void set_events(EventCallback on_event);
  // Ends a wait after a failure: try pcscd again now.
  void reconnect_now();

  PcscStatus status() const;
  // Internal: the worker's state, no I/O. External: a fresh PC/SC context lists the readers.
  // Interactive: waits up to `timeout` for a technician to insert a card and for it to be read;
  // the card read is copied to `card` when given (a technician's test read).
  HealthResult check_health(HealthLevel level, std::chrono::milliseconds timeout = std::chrono::seconds(30),
                            CardReadResult* card = nullptr);

  // Readers pcscd knows now (a one-off context); NoDevice when pcscd is not reachable.
  static DeviceResult<std::vector<std::string>> list_readers();
  static DeviceResult<std::vector<std::string>> list_readers(PcscApi& api);
  // Where libpcsclite looks for pcscd (PCSCLITE_CSOCK_NAME or the built-in path), for messages.
  static std::string service_socket();

 private:
  void run();
  // Returns false when pcscd went away (the context is dead), true to list the readers again.
  bool watch_readers(std::intptr_t context, const std::vector<std::string>& readers);
  void read_inserted_card(std::intptr_t context, const std::string& reader);
  void set_status(DeviceState state, std::string message);
  void count_error(const std::string& message);
  void wait_retry();
  void update_card_present();  // status_.card_present from present_
  void emit(SmartcardEvent e);

  PcscConfig config_;
  std::shared_ptr<PcscApi> api_;  // config_.api, or pcsc-lite
  std::mutex events_mu_;
  EventCallback on_event_;  // guarded by events_mu_, called with it held
  std::thread worker_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool kicked_ = false;
  bool has_context_ = false;
  std::intptr_t context_ = 0;  // SCARDCONTEXT, kept as an integer so winscard.h stays in the .cpp
  PcscStatus status_;
  std::uint64_t cards_read_ = 0;
  CardReadResult last_read_;  // kept only while an interactive check waits for it (wants_card_)
  int wants_card_ = 0;
  // Card presence per reader as the worker last saw it (worker thread only); kept across relists
  // so that plugging in a second reader does not look like the first one's card being reinserted.
  std::map<std::string, bool> present_;
};

}  // namespace ow::drivers::smartcard
