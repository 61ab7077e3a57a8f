#include "drivers/transport/fake_transport.hpp"

namespace ow::drivers {

class FakeTransport final : public Transport {
 public:
  explicit FakeTransport(std::shared_ptr<FakeLink> link) : link_(std::move(link)) {}
  ~FakeTransport() override { close(); }

  DeviceResult<void> open() override {
    std::lock_guard lock(link_->mu_);
    if (!link_->present_) return device_error(DeviceErrorCode::NoDevice, link_->description_ + " is not there");
    link_->open_ = true;
    ++link_->opens_;
    link_->cv_.notify_all();
    return {};
  }
  void close() override {
    std::lock_guard lock(link_->mu_);
    link_->open_ = false;
    link_->to_host_.clear();
    link_->cv_.notify_all();
  }
  bool is_open() const override {
    std::lock_guard lock(link_->mu_);
    return link_->open_;
  }
  DeviceResult<void> write(std::span<const std::uint8_t> bytes, Millis) override {
    {
      std::lock_guard lock(link_->mu_);
      if (!link_->open_ || !link_->present_) return device_error(DeviceErrorCode::Io, link_->description_ + " went away");
      link_->received_.insert(link_->received_.end(), bytes.begin(), bytes.end());
      link_->cv_.notify_all();
    }
    std::vector<std::uint8_t> answer;
    {
      std::lock_guard lock(link_->responder_mu_);
      if (link_->responder_) answer = link_->responder_(bytes);
    }
    if (!answer.empty()) link_->device_send(answer);
    return {};
  }
  DeviceResult<std::size_t> read(std::span<std::uint8_t> out, Millis timeout) override {
    std::unique_lock lock(link_->mu_);
    auto ready = [&] { return !link_->to_host_.empty() || !link_->present_ || !link_->open_; };
    if (!link_->cv_.wait_for(lock, timeout, ready)) return device_error(DeviceErrorCode::Timeout, "no bytes");
    if (!link_->present_ || !link_->open_) return device_error(DeviceErrorCode::Io, link_->description_ + " went away");
    std::size_t n = 0;
    while (n < out.size() && !link_->to_host_.empty()) {
      out[n++] = link_->to_host_.front();
      link_->to_host_.pop_front();
    }
    return n;
  }
  void discard_input() override {
    std::lock_guard lock(link_->mu_);
    link_->to_host_.clear();
  }
  double bytes_per_second() const override { return 1e6; }
  std::string describe() const override { return link_->description_; }

 private:
  std::shared_ptr<FakeLink> link_;
};

std::shared_ptr<FakeLink> FakeLink::create(std::string description) {
  return std::shared_ptr<FakeLink>(new FakeLink(std::move(description)));
}

std::unique_ptr<Transport> FakeLink::transport() { return std::make_unique<FakeTransport>(shared_from_this()); }

void FakeLink::set_responder(Responder responder) {
  std::lock_guard lock(responder_mu_);
  responder_ = std::move(responder);
}

void FakeLink::device_send(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(mu_);
  if (!open_) return;  // nobody listens: the bytes are lost, as on a closed port
  to_host_.insert(to_host_.end(), bytes.begin(), bytes.end());
  cv_.notify_all();
}

void FakeLink::device_send(std::string_view text) {
  device_send(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void FakeLink::set_present(bool present) {
  std::lock_guard lock(mu_);
  present_ = present;
  if (!present) to_host_.clear();
  cv_.notify_all();
}

bool FakeLink::is_open() const {
  std::lock_guard lock(mu_);
  return open_;
}

int FakeLink::opens() const {
  std::lock_guard lock(mu_);
  return opens_;
}

std::vector<std::uint8_t> FakeLink::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

void FakeLink::clear_received() {
  std::lock_guard lock(mu_);
  received_.clear();
}

bool FakeLink::wait_received(const std::function<bool(const std::vector<std::uint8_t>&)>& done, Millis timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return done(received_); });
}

bool FakeLink::wait_open(bool open, Millis timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return open_ == open; });
}

}  // namespace ow::drivers
