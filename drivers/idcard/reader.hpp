#pragma once
// The ID card reader as the kiosk sees it: a worker thread that owns the transport, connects and
// reconnects, polls find-card only while someone wants a card, reads it once per placement, and
// reports through callbacks. No call blocks the caller; callbacks run on the worker thread.
//
// Card presence: find-card answers 9F while a card is in the field and 80 once it is gone. After a
// read (or a read the SAM refused) the card must be lifted and placed again before it is read again.
// Transport failures make the reader `offline` and it keeps reopening the port (a USB hotplug
// arrival retries at once). The photo stays raw in CardData::photo_wlt; PhotoDecoder turns it into
// pixels only where a vendor library is configured.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "drivers/device_status.hpp"
#include "drivers/idcard/card_data.hpp"
#include "drivers/transport/transport.hpp"

namespace ow::drivers {
class UsbHotplugMonitor;
}

namespace ow::drivers::idcard {

struct ReaderConfig {
  TransportConfig transport;
  Millis poll_interval{300};        // find-card interval while wanted; never below 300 ms
  Millis reply_margin{300};         // device think time allowed on top of a reply's wire time
  Millis reconnect_interval{1000};  // between attempts to reopen a lost port (self_reconnect only)
  // True: the reader reopens a lost port itself (its own timer and, for USB, hotplug thread).
  // False: it waits for reconnect_now() — the device manager's backoff and hotplug decide.
  bool self_reconnect = true;
  Millis idle_check_interval{10000};  // SAM status while nobody wants a card (0: never)
  Millis interactive_timeout{30000};  // how long the interactive health check waits for a card
  bool read_fingerprint = false;
  bool read_extra_address = false;
};

struct ReaderStatus {
  DeviceState state = DeviceState::NoDevice;
  bool sam_ok = false;
  bool card_present = false;
  std::string sam_id;  // empty until read
  std::string port;    // the transport's description
  DeviceCounters counters;

  bool same_state(const ReaderStatus& o) const {
    return state == o.state && sam_ok == o.sam_ok && card_present == o.card_present;
  }
};

struct ReaderEvents {
  std::function<void(CardData)> card_read;  // card.expired is set against today's local date
  std::function<void()> card_removed;
  std::function<void(const ReaderStatus&)> status_changed;
  std::function<void(const DeviceError&)> error;  // a failed read or a lost link; English text
};

class Reader {
 public:
  Reader(ReaderConfig config, ReaderEvents events);
  // For tests and tools that build the transport themselves.
  Reader(ReaderConfig config, std::unique_ptr<Transport> transport, ReaderEvents events);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  void start();
  void stop();  // joins the worker; the longest wait is one reply timeout

  // Replaces the event sinks (any thread). Callbacks run with a lock held, so once this returns
  // the old sinks are not running and will not be called again: set {} before their owner goes.
  void set_events(ReaderEvents events);

  // A session wants a card: poll find-card. Off: stop polling (the reader stays connected).
  void set_wanted(bool wanted);
  ReaderStatus status() const;
  // Internal answers from the last known status; external asks the SAM (status + ID);
  // interactive waits for a test card and reads it without raising card_read; the card goes to
  // `card` (a technician's test read: personal data, the caller masks it), before `done`.
  void check_health(HealthLevel level, std::function<void(HealthResult)> done, std::function<void(CardData)> card = {});
  // Try to reconnect at once (a hotplug arrival, a technician's button).
  void reconnect_now();

 private:
  struct HealthRequest {
    HealthLevel level;
    std::function<void(HealthResult)> done;
    std::function<void(CardData)> card;
  };
  void run();
  bool connect();
  void poll_once();
  void read_present_card();
  void link_problem(const DeviceError& e);
  void fail_link();
  void note_error(const DeviceError& e);
  void set_state(DeviceState s);
  void set_card_present(bool present);
  void publish();
  void run_health(HealthRequest& req);
  HealthResult internal_health() const;
  template <class F>
  void emit(F&& call);  // `call(events_)` under events_mu_

  ReaderConfig config_;
  std::mutex events_mu_;
  ReaderEvents events_;  // guarded by events_mu_
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<UsbHotplugMonitor> hotplug_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::thread worker_;
  bool running_ = false, stopping_ = false, kicked_ = false, wanted_ = false;
  bool reconnect_ = false;  // reconnect_now() was called (managed: the only way to reopen)
  std::deque<HealthRequest> health_queue_;
  ReaderStatus status_;            // guarded by mu_
  ReaderStatus published_;         // worker only: what listeners last heard

  // Worker-only state.
  bool ever_connected_ = false;
  bool latched_ = false;           // this placement was read (or refused): wait for removal
  int read_attempts_ = 0;          // comm failures while reading this placement
  int link_failures_ = 0;          // consecutive timeouts / bad frames
  bool interactive_pending_ = false;
  std::chrono::steady_clock::time_point interactive_deadline_{};
  std::function<void(HealthResult)> interactive_done_;
  std::function<void(CardData)> interactive_card_;
  std::chrono::steady_clock::time_point next_idle_check_{}, last_find_{};
  std::string last_connect_error_;  // repeated reconnect failures are reported once
};

}  // namespace ow::drivers::idcard
