#include "drivers/smartcard/fake_pcsc.hpp"

#include <PCSC/winscard.h>

#include <algorithm>
#include <chrono>

#include "drivers/smartcard/sscard.hpp"

namespace ow::drivers::smartcard {
namespace {

constexpr const char* kPnpReader = "\\\\?PnP?\\Notification";
constexpr unsigned long kPresence = SCARD_STATE_PRESENT | SCARD_STATE_EMPTY | SCARD_STATE_UNKNOWN;

Bytes sw(std::uint16_t status, Bytes data = {}) {
  data.push_back(static_cast<std::uint8_t>(status >> 8));
  data.push_back(static_cast<std::uint8_t>(status & 0xFF));
  return data;
}

Bytes tlv(std::uint8_t tag, const Bytes& value) {
  Bytes out(value.size() + 2);
  out[0] = tag;
  out[1] = static_cast<std::uint8_t>(value.size());
  std::copy(value.begin(), value.end(), out.begin() + 2);
  return out;
}

Bytes ascii(const std::string& s) { return Bytes(s.begin(), s.end()); }

// "20310520" → 20 31 05 20.
Bytes bcd(const std::string& digits) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(((digits[i] - '0') << 4) | (digits[i + 1] - '0')));
  return out;
}

bool starts(std::span<const std::uint8_t> apdu, std::initializer_list<std::uint8_t> header) {
  return apdu.size() >= header.size() && std::equal(header.begin(), header.end(), apdu.begin());
}

}  // namespace

Bytes FakeSscardApplet::record(std::uint8_t r) const {
  switch (r) {
    case 1: return tlv(r, ascii(card_.identification_code));
    case 2: return tlv(r, ascii(card_.card_type));
    case 3: return tlv(r, ascii(card_.spec_version));
    case 4: return tlv(r, ascii(card_.institution));
    case 5: return tlv(r, bcd(card_.issue_date));
    case 6: return tlv(r, bcd(card_.expiry_date));
    case 7: return tlv(r, ascii(card_.card_number));
    default: return {};
  }
}

Bytes FakeSscardApplet::answer(std::span<const std::uint8_t> apdu) {
  if (starts(apdu, {0x00, 0xA4, 0x04, 0x00})) {
    const Bytes expected = select_by_aid(kSocialSecurityAid);
    application_ = card_.social_security && std::equal(apdu.begin(), apdu.end(), expected.begin(), expected.end());
    ef05_ = false;
    return sw(application_ ? 0x9000 : 0x6A82);
  }
  if (starts(apdu, {0x00, 0xA4, 0x00, 0x00})) {
    const Bytes expected = select_file(kEfCardIdentification);
    ef05_ = application_ && std::equal(apdu.begin(), apdu.end(), expected.begin(), expected.end());
    return sw(ef05_ ? 0x9000 : 0x6A82);
  }
  if (starts(apdu, {0x00, 0xB2}) && apdu.size() >= 4) {
    if (!ef05_) return sw(0x6986);  // no current EF
    const Bytes rec = record(apdu[2]);
    return rec.empty() ? sw(0x6A83) : sw(0x9000, rec);
  }
  return sw(0x6D00);
}

FakePcsc::FakePcsc(std::vector<std::string> readers) : order_(std::move(readers)) {
  for (const auto& r : order_) slots_[r];
}

FakePcsc::Slot* FakePcsc::slot(const std::string& reader) {
  if (order_.empty()) return nullptr;
  auto it = slots_.find(reader.empty() ? order_.front() : reader);
  return it == slots_.end() ? nullptr : &it->second;
}

void FakePcsc::insert(const SscardFixture& card, const std::string& reader) {
  std::lock_guard lock(mu_);
  if (Slot* s = slot(reader)) {
    s->card.emplace(card);
    ++s->events;
  }
  cv_.notify_all();
}

void FakePcsc::remove(const std::string& reader) {
  std::lock_guard lock(mu_);
  if (Slot* s = slot(reader); s && s->card) {
    s->card.reset();
    ++s->events;
    const std::string name = reader.empty() ? order_.front() : reader;
    std::erase_if(cards_, [&](const auto& c) { return c.second == name; });  // its handles now fail "removed"
  }
  cv_.notify_all();
}

void FakePcsc::set_service(bool running) {
  std::lock_guard lock(mu_);
  service_ = running;
  if (!running) {
    contexts_.clear();
    cards_.clear();
  }
  cv_.notify_all();
}

std::size_t FakePcsc::connects() const {
  std::lock_guard lock(mu_);
  return connects_;
}

long FakePcsc::establish_context(Context& context) {
  std::lock_guard lock(mu_);
  if (!service_) return SCARD_E_NO_SERVICE;
  context = next_context_++;
  contexts_.insert(context);
  return SCARD_S_SUCCESS;
}

long FakePcsc::release_context(Context context) {
  std::lock_guard lock(mu_);
  cancelled_.erase(context);
  return contexts_.erase(context) ? SCARD_S_SUCCESS : SCARD_E_INVALID_HANDLE;
}

long FakePcsc::cancel(Context context) {
  std::lock_guard lock(mu_);
  if (!contexts_.count(context)) return SCARD_E_INVALID_HANDLE;
  cancelled_.insert(context);  // kept until a wait takes it, so a cancel just before a wait is not lost
  cv_.notify_all();
  return SCARD_S_SUCCESS;
}

long FakePcsc::list_readers(Context context, std::vector<std::string>& readers) {
  std::lock_guard lock(mu_);
  if (!service_) return SCARD_E_NO_SERVICE;
  if (!contexts_.count(context)) return SCARD_E_INVALID_HANDLE;
  readers = order_;
  return readers.empty() ? SCARD_E_NO_READERS_AVAILABLE : SCARD_S_SUCCESS;
}

unsigned long FakePcsc::state_of(const std::string& reader) {
  const Slot* s = slot(reader);
  if (!s) return SCARD_STATE_UNKNOWN;
  return (s->events << 16) | (s->card ? SCARD_STATE_PRESENT : SCARD_STATE_EMPTY);
}

bool FakePcsc::changed(ReaderState& s) {
  if (s.reader == kPnpReader) {
    const unsigned long count = order_.size() << 16;
    const bool differs = (s.current & 0xFFFF0000UL) != count;
    s.event = count | (differs ? SCARD_STATE_CHANGED : 0);
    return differs;
  }
  const unsigned long now = state_of(s.reader);
  const bool differs = s.current == SCARD_STATE_UNAWARE || (s.current & kPresence) != (now & kPresence) ||
                       (s.current & 0xFFFF0000UL) != (now & 0xFFFF0000UL);
  s.event = now | (differs ? SCARD_STATE_CHANGED : 0);
  return differs;
}

long FakePcsc::get_status_change(Context context, unsigned long timeout_ms, std::span<ReaderState> states) {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    if (!service_) return SCARD_E_NO_SERVICE;
    if (!contexts_.count(context)) return SCARD_E_INVALID_HANDLE;
    if (cancelled_.erase(context)) return SCARD_E_CANCELLED;
    for (const auto& s : states)
      if (s.reader != kPnpReader && !slots_.count(s.reader)) return SCARD_E_UNKNOWN_READER;
    bool any = false;
    for (auto& s : states) any = changed(s) || any;
    if (any) return SCARD_S_SUCCESS;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return SCARD_E_TIMEOUT;
  }
}

long FakePcsc::connect(Context context, const std::string& reader, Card& card, unsigned long& protocol) {
  std::lock_guard lock(mu_);
  if (!service_) return SCARD_E_NO_SERVICE;
  if (!contexts_.count(context)) return SCARD_E_INVALID_HANDLE;
  Slot* s = slot(reader);
  if (!s) return SCARD_E_UNKNOWN_READER;
  if (!s->card) return SCARD_E_NO_SMARTCARD;
  ++connects_;
  card = next_card_++;
  cards_[card] = reader;
  protocol = SCARD_PROTOCOL_T1;
  return SCARD_S_SUCCESS;
}

long FakePcsc::transmit(Card card, unsigned long, std::span<const std::uint8_t> apdu, Bytes& response) {
  std::lock_guard lock(mu_);
  response.clear();
  auto it = cards_.find(card);
  if (it == cards_.end()) return SCARD_W_REMOVED_CARD;
  Slot* s = slot(it->second);
  if (!s || !s->card) return SCARD_W_REMOVED_CARD;
  response = s->card->answer(apdu);
  return SCARD_S_SUCCESS;
}

long FakePcsc::disconnect(Card card) {
  std::lock_guard lock(mu_);
  return cards_.erase(card) ? SCARD_S_SUCCESS : SCARD_E_INVALID_HANDLE;
}

}  // namespace ow::drivers::smartcard
