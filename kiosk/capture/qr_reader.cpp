// The QR reader's thread: decode the newest preview frame, suppress repeats of a code still in
// view, queue the rest for the UI thread.
#include "kiosk/capture/qr_reader.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "base/thread_guard.hpp"
#include "kiosk/capture/image_view.hpp"
#include "kiosk/capture/qr.hpp"

namespace ow::capture {

namespace {
void wipe_string(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

// Codes seen recently, remembered by a keyed hash so no payload stays in memory for the check.
struct Seen {
  std::array<unsigned char, 16> hash{};
  std::chrono::steady_clock::time_point last{};
};

std::array<unsigned char, 16> hash_of(const std::string& s, const unsigned char* key) {
  std::array<unsigned char, 16> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(s.data()), s.size(), key,
                     crypto_generichash_KEYBYTES);
  return h;
}
}  // namespace

QrReader::QrReader(drivers::camera::Camera& camera, QrReaderOptions options, std::function<void()> wake)
    : camera_(camera), options_(options), wake_(std::move(wake)) {
  thread_ = std::thread([this] { guarded("qr reader", [this] { run(); }); });
}

QrReader::~QrReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& p : queue_) wipe_string(p);
}

bool QrReader::camera_online() const {
  const auto s = camera_.state();
  return s != drivers::DeviceState::Offline && s != drivers::DeviceState::NoDevice;
}

std::vector<std::string> QrReader::take_payloads() {
  std::lock_guard lock(mutex_);
  return std::exchange(queue_, {});
}

std::uint64_t QrReader::frames_decoded() const {
  std::lock_guard lock(mutex_);
  return decoded_;
}

void QrReader::run() {
  if (sodium_init() < 0) return;
  unsigned char key[crypto_generichash_KEYBYTES];
  randombytes_buf(key, sizeof key);
  std::vector<Seen> seen;
  std::uint64_t last_sequence = 0;
  bool was_online = camera_online();
  while (true) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, options_.decode_every, [&] { return stopping_; });
      if (stopping_) return;
    }
    const bool online = camera_online();
    if (online != was_online) {
      was_online = online;
      if (wake_) wake_();
    }
    const auto frame = camera_.latest();
    if (!frame || frame->sequence == last_sequence) continue;
    last_sequence = frame->sequence;
    auto found = decode_qr(ImageView::of(*frame));
    const auto now = std::chrono::steady_clock::now();
    bool queued = false;
    {
      std::lock_guard lock(mutex_);
      ++decoded_;
      for (auto& payload : found) {
        const auto h = hash_of(payload, key);
        auto it = std::find_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.hash == h; });
        const bool repeat = it != seen.end() && now - it->last < options_.repeat_after;
        if (it == seen.end()) it = seen.insert(seen.end(), Seen{h, now});
        it->last = now;
        if (repeat) {
          wipe_string(payload);
          continue;
        }
        if (queue_.size() >= options_.max_queued) {
          wipe_string(queue_.front());
          queue_.erase(queue_.begin());
        }
        queue_.push_back(std::move(payload));
        queued = true;
      }
    }
    std::erase_if(seen, [&](const Seen& s) { return now - s.last >= options_.repeat_after; });
    if (queued && wake_) wake_();
  }
}

}  // namespace ow::capture
