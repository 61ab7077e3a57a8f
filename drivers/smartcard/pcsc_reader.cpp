#include "drivers/smartcard/pcsc_reader.hpp"
#include "base/thread_guard.hpp"

#include <PCSC/winscard.h>

#include <algorithm>
#include <cstdlib>

namespace ow::drivers::smartcard {
namespace {

constexpr const char* kPnpReader = "\\\\?PnP?\\Notification";
// SCardGetStatusChange wakes on events and on SCardCancel; the timeout only bounds the (tiny)
// window in which a cancel could arrive before the worker blocks.
constexpr DWORD kWaitMs = 2000;

std::string pcsc_error(const char* call, LONG rv) {
  return std::string(call) + ": " + pcsc_stringify_error(rv);
}

bool service_gone(LONG rv) {
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_INVALID_HANDLE;
}

DeviceResult<std::vector<std::string>> list_with(PcscApi& api, PcscApi::Context ctx) {
  std::vector<std::string> readers;
  const LONG rv = api.list_readers(ctx, readers);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
  if (rv != SCARD_S_SUCCESS) {
    return device_error(service_gone(rv) ? DeviceErrorCode::NoDevice : DeviceErrorCode::Io,
                        pcsc_error("SCardListReaders", rv));
  }
  return readers;
}

// Whether the card in `reader` is gone, waiting up to a second for pcscd's next presence poll.
bool card_gone(PcscApi& api, PcscApi::Context ctx, const std::string& reader) {
  PcscApi::ReaderState st{reader, SCARD_STATE_UNAWARE, 0};
  if (api.get_status_change(ctx, 0, std::span(&st, 1)) != SCARD_S_SUCCESS) return true;
  if (!(st.event & SCARD_STATE_PRESENT)) return true;
  st.current = st.event & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
  const LONG rv = api.get_status_change(ctx, 1000, std::span(&st, 1));
  return rv == SCARD_S_SUCCESS && !(st.event & SCARD_STATE_PRESENT);
}

std::string no_service_message() {
  return "PC/SC service (pcscd) not reachable at " + PcscReader::service_socket() +
         " — is pcscd installed and running (systemctl status pcscd.socket)?";
}

}  // namespace

PcscReader::PcscReader(PcscConfig config, EventCallback on_event)
    : config_(std::move(config)), api_(config_.api ? config_.api : system_pcsc()), on_event_(std::move(on_event)) {
  status_.message = "not started";
}

PcscReader::~PcscReader() { stop(); }

void PcscReader::start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { guarded("smartcard reader", [this] { run(); }); });
}

void PcscReader::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (has_context_) api_->cancel(context_);
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::string PcscReader::service_socket() {
  const char* env = std::getenv("PCSCLITE_CSOCK_NAME");
  return env && *env ? env : "/run/pcscd/pcscd.comm";
}

DeviceResult<std::vector<std::string>> PcscReader::list_readers() { return list_readers(*system_pcsc()); }

DeviceResult<std::vector<std::string>> PcscReader::list_readers(PcscApi& api) {
  PcscApi::Context ctx = 0;
  LONG rv = api.establish_context(ctx);
  if (rv != SCARD_S_SUCCESS) {
    return device_error(DeviceErrorCode::NoDevice,
                        rv == SCARD_E_NO_SERVICE ? no_service_message() : pcsc_error("SCardEstablishContext", rv));
  }
  auto readers = list_with(api, ctx);
  api.release_context(ctx);
  return readers;
}

PcscStatus PcscReader::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

HealthResult PcscReader::check_health(HealthLevel level, std::chrono::milliseconds timeout, CardReadResult* card) {
  switch (level) {
    case HealthLevel::Internal: {
      auto s = status();
      const bool ok = s.state == DeviceState::Online || s.state == DeviceState::Busy;
      return {ok, std::string(to_string(s.state)) + ": " + s.message + "; cards read " +
                      std::to_string(s.counters.operations) + ", errors " + std::to_string(s.counters.errors)};
    }
    case HealthLevel::External: {
      auto readers = list_readers(*api_);
      if (!readers) return {false, readers.error().message};
      if (readers->empty()) return {false, "pcscd is running but reports no smart card reader"};
      std::string text = "pcscd reports " + std::to_string(readers->size()) + " reader(s):";
      for (const auto& r : *readers) text += " [" + r + "]";
      return {true, text};
    }
    case HealthLevel::Interactive: {
      std::unique_lock lock(mu_);
      const std::uint64_t before = cards_read_;
      if (card) ++wants_card_;
      const bool read = cv_.wait_for(lock, timeout, [&] { return cards_read_ != before || stopping_; }) && !stopping_;
      if (card) {
        if (read) *card = last_read_.clone();
        if (--wants_card_ == 0) last_read_ = {};
      }
      if (!read) {
        return {false, "no social security card was read within " +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) + " s"};
      }
      return {true, "a social security card was read"};
    }
  }
  return {false, "unknown health level"};
}

void PcscReader::emit(SmartcardEvent e) {
  std::lock_guard lock(events_mu_);
  if (on_event_) on_event_(std::move(e));
}

void PcscReader::set_events(EventCallback on_event) {
  std::lock_guard lock(events_mu_);
  on_event_ = std::move(on_event);
}

void PcscReader::reconnect_now() {
  {
    std::lock_guard lock(mu_);
    kicked_ = true;
  }
  cv_.notify_all();
}

void PcscReader::set_status(DeviceState state, std::string message) {
  {
    std::lock_guard lock(mu_);
    if (status_.state == state && status_.message == message) return;
    status_.state = state;
    status_.message = message;
  }
  emit(StatusChangedEvent{state, std::move(message)});
}

void PcscReader::count_error(const std::string& message) {
  std::lock_guard lock(mu_);
  ++status_.counters.errors;
  status_.counters.last_error = message;
}

void PcscReader::update_card_present() {
  bool any = false;
  for (const auto& [name, p] : present_) any = any || p;
  std::lock_guard lock(mu_);
  status_.card_present = any;
}

void PcscReader::wait_retry() {
  std::unique_lock lock(mu_);
  if (config_.self_reconnect) cv_.wait_for(lock, config_.retry_interval, [this] { return stopping_ || kicked_; });
  else cv_.wait(lock, [this] { return stopping_ || kicked_; });
  kicked_ = false;
}

void PcscReader::run() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    PcscApi::Context ctx = 0;
    LONG rv = api_->establish_context(ctx);
    if (rv != SCARD_S_SUCCESS) {
      set_status(DeviceState::NoDevice,
                 rv == SCARD_E_NO_SERVICE ? no_service_message() : pcsc_error("SCardEstablishContext", rv));
      wait_retry();
      continue;
    }
    {
      std::lock_guard lock(mu_);
      has_context_ = true;
      context_ = ctx;
      if (stopping_) api_->cancel(ctx);
    }
    // One context lives until pcscd goes away; within it the reader list is refreshed on PnP events.
    while (true) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) break;
      }
      auto all = list_with(*api_, ctx);
      if (!all) {
        if (all.error().code == DeviceErrorCode::NoDevice) break;
        set_status(DeviceState::HardwareError, all.error().message);
        count_error(all.error().message);
        wait_retry();
        continue;
      }
      std::vector<std::string> readers;
      for (auto& r : *all)
        if (config_.reader_filter.empty() || r.find(config_.reader_filter) != std::string::npos)
          readers.push_back(std::move(r));
      {
        std::lock_guard lock(mu_);
        status_.readers = readers;
      }
      if (readers.empty()) {
        set_status(DeviceState::NoDevice,
                   config_.reader_filter.empty()
                       ? "no smart card reader connected (waiting for one to be plugged in)"
                       : "no smart card reader matching \"" + config_.reader_filter + "\" (waiting for one)");
      } else {
        set_status(DeviceState::Online, "watching " + std::to_string(readers.size()) + " reader(s)");
      }
      if (!watch_readers(ctx, readers)) break;
    }
    {
      std::lock_guard lock(mu_);
      has_context_ = false;
    }
    api_->release_context(ctx);
    // Without pcscd nothing is known about the cards: report each one seen as removed.
    std::vector<std::string> had;
    for (const auto& [name, p] : present_)
      if (p) had.push_back(name);
    present_.clear();
    update_card_present();
    for (const auto& name : had) emit(CardRemovedEvent{name});
    bool stopping;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
    }
    if (stopping) break;
    set_status(DeviceState::NoDevice, no_service_message());
    wait_retry();
  }
}

bool PcscReader::watch_readers(std::intptr_t context, const std::vector<std::string>& readers) {
  std::vector<PcscApi::ReaderState> states(readers.size() + 1);
  for (std::size_t i = 0; i < readers.size(); ++i) states[i] = {readers[i], SCARD_STATE_UNAWARE, 0};
  // The PnP pseudo-reader reports a change whenever the number of readers differs from the count
  // in the high word of dwCurrentState.
  auto& pnp = states.back();
  pnp.reader = kPnpReader;
  pnp.current = static_cast<DWORD>(readers.size()) << 16;
  for (auto it = present_.begin(); it != present_.end();) {
    const bool listed = std::find(readers.begin(), readers.end(), it->first) != readers.end();
    if (listed) {
      ++it;
      continue;
    }
    const bool was = it->second;
    const std::string name = it->first;
    it = present_.erase(it);
    update_card_present();
    if (was) emit(CardRemovedEvent{name});
  }

  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return true;
    }
    LONG rv = api_->get_status_change(context, kWaitMs, states);
    if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) continue;
    if (service_gone(rv)) {
      count_error(pcsc_error("SCardGetStatusChange", rv));
      return false;
    }
    if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE) return true;  // relist
    if (rv != SCARD_S_SUCCESS) {
      const std::string msg = pcsc_error("SCardGetStatusChange", rv);
      set_status(DeviceState::HardwareError, msg);
      count_error(msg);
      wait_retry();
      return true;
    }
    if (pnp.event & SCARD_STATE_CHANGED) return true;  // a reader was plugged in or out: relist
    bool relist = false;
    for (std::size_t i = 0; i < readers.size(); ++i) {
      auto& st = states[i];
      if (!(st.event & SCARD_STATE_CHANGED)) continue;
      const DWORD ev = st.event;
      st.current = ev & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
      const std::string& name = readers[i];
      const bool gone = ev & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE | SCARD_STATE_IGNORE);
      const bool now = !gone && (ev & SCARD_STATE_PRESENT);
      const bool was = present_[name];
      present_[name] = now;
      update_card_present();
      if (gone) relist = true;
      if (was && !now) {
        emit(CardRemovedEvent{name});
      } else if (!was && now) {
        if (ev & SCARD_STATE_MUTE) {
          count_error("card in " + name + " does not answer (mute)");
          emit(CardRejectedEvent{name, ReadError{ReadFailure::CardError, "the card does not answer (no ATR)"}});
        } else {
          read_inserted_card(context, name);
        }
      }
    }
    if (relist) return true;
  }
}

void PcscReader::read_inserted_card(std::intptr_t context, const std::string& reader) {
  DeviceState before;
  std::string before_msg;
  {
    std::lock_guard lock(mu_);
    before = status_.state;
    before_msg = status_.message;
    ++status_.counters.operations;
  }
  set_status(DeviceState::Busy, "reading a card in " + reader);

  PcscApi::Card card = 0;
  unsigned long protocol = 0;
  LONG rv = api_->connect(context, reader, card, protocol);
  tl::expected<CardReadResult, ReadError> result;
  if (rv != SCARD_S_SUCCESS) {
    const bool removed = rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD;
    result = tl::unexpected(ReadError{removed ? ReadFailure::Removed : ReadFailure::CardError,
                                      pcsc_error("SCardConnect", rv)});
  } else {
    bool link_failed = false;
    Transmit transmit = [&](std::span<const std::uint8_t> apdu) -> DeviceResult<Bytes> {
      Bytes rx;
      LONG t = api_->transmit(card, protocol, apdu, rx);
      if (t == SCARD_W_REMOVED_CARD || t == SCARD_E_NO_SMARTCARD || t == SCARD_W_RESET_CARD ||
          t == SCARD_E_READER_UNAVAILABLE) {
        return device_error(DeviceErrorCode::NoDevice, "card removed (" + pcsc_error("SCardTransmit", t) + ")");
      }
      if (t != SCARD_S_SUCCESS) {
        link_failed = true;
        return device_error(DeviceErrorCode::Io, pcsc_error("SCardTransmit", t));
      }
      // Less than a status word: the link broke mid-exchange (vpcd reports its peer gone this way).
      if (rx.size() < 2) {
        link_failed = true;
        return device_error(DeviceErrorCode::Io, "SCardTransmit: response without a status word");
      }
      return rx;
    };
    result = read_card(transmit);
    api_->disconnect(card);
    // Many readers report a card pulled out mid-APDU as a failed transmission, not as removal;
    // pcscd notices the empty slot on its next poll, so ask it before blaming the card.
    if (!result && link_failed && result.error().failure == ReadFailure::CardError && card_gone(*api_, context, reader)) {
      result.error().failure = ReadFailure::Removed;
      result.error().message = "card removed during the read (" + result.error().message + ")";
    }
  }

  if (result) {
    const bool expired = result->identification.expired_on(local_today_yyyymmdd());
    {
      std::lock_guard lock(mu_);
      ++cards_read_;
      if (wants_card_ > 0) last_read_ = result->clone();
    }
    cv_.notify_all();
    set_status(before, before_msg);
    emit(CardReadEvent{reader, std::move(*result), expired});
  } else {
    count_error(result.error().message);
    set_status(before, before_msg);
    emit(CardRejectedEvent{reader, std::move(result.error())});
  }
}

}  // namespace ow::drivers::smartcard
