#include "drivers/idcard/reader.hpp"

#include <utility>

#include "base/thread_guard.hpp"
#include "drivers/idcard/sam_session.hpp"
#include "drivers/transport/usb_transport.hpp"

namespace ow::drivers::idcard {

namespace {
using Clock = std::chrono::steady_clock;
constexpr Millis kMinPoll{300};  // the SAM needs this much between find-card commands
constexpr int kReadAttempts = 3;
constexpr int kLinkFailuresBeforeReopen = 2;
}  // namespace

Reader::Reader(ReaderConfig config, ReaderEvents events)
    : Reader(config, make_transport(config.transport), std::move(events)) {}

Reader::Reader(ReaderConfig config, std::unique_ptr<Transport> transport, ReaderEvents events)
    : config_(std::move(config)), events_(std::move(events)), transport_(std::move(transport)) {
  if (config_.poll_interval < kMinPoll) config_.poll_interval = kMinPoll;
  status_.port = transport_->describe();
  published_ = status_;
}

Reader::~Reader() { stop(); }

void Reader::set_events(ReaderEvents events) {
  std::lock_guard lock(events_mu_);
  events_ = std::move(events);
}

template <class F>
void Reader::emit(F&& call) {
  std::lock_guard lock(events_mu_);
  call(events_);
}

void Reader::start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  worker_ = std::thread([this] { guarded("id card reader", [this] { run(); }); });
  if (config_.self_reconnect && config_.transport.kind != TransportKind::Serial) {
    hotplug_ = std::make_unique<UsbHotplugMonitor>();
    // Without hotplug support the reconnect timer still finds the device.
    (void)hotplug_->start(config_.transport.usb_vendor, config_.transport.usb_product,
                          [this](bool arrived) { if (arrived) reconnect_now(); });
  }
}

void Reader::stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (hotplug_) hotplug_->stop();
  worker_.join();
  hotplug_.reset();
  std::deque<HealthRequest> left;
  {
    std::lock_guard lock(mu_);
    running_ = false;
    left.swap(health_queue_);
  }
  for (auto& r : left) r.done(HealthResult{false, "reader stopped"});
  if (interactive_done_) interactive_done_(HealthResult{false, "reader stopped"});
  interactive_done_ = nullptr;
  interactive_pending_ = false;
}

void Reader::set_wanted(bool wanted) {
  {
    std::lock_guard lock(mu_);
    wanted_ = wanted;
    kicked_ = true;
  }
  cv_.notify_all();
}

ReaderStatus Reader::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void Reader::check_health(HealthLevel level, std::function<void(HealthResult)> done, std::function<void(CardData)> card) {
  {
    std::lock_guard lock(mu_);
    if (!running_) {
      done(HealthResult{false, "reader not started"});
      return;
    }
    health_queue_.push_back(HealthRequest{level, std::move(done), std::move(card)});
    kicked_ = true;
  }
  cv_.notify_all();
}

void Reader::reconnect_now() {
  {
    std::lock_guard lock(mu_);
    kicked_ = true;
    reconnect_ = true;
  }
  cv_.notify_all();
}

void Reader::set_state(DeviceState s) {
  std::lock_guard lock(mu_);
  status_.state = s;
}

void Reader::set_card_present(bool present) {
  bool removed = false;
  {
    std::lock_guard lock(mu_);
    removed = status_.card_present && !present;
    status_.card_present = present;
  }
  if (!present) {
    latched_ = false;
    read_attempts_ = 0;
  }
  if (removed) emit([](ReaderEvents& ev) { if (ev.card_removed) ev.card_removed(); });
}

void Reader::publish() {
  ReaderStatus now = status();
  if (now.same_state(published_)) return;
  published_ = now;
  emit([&](ReaderEvents& ev) { if (ev.status_changed) ev.status_changed(now); });
}

void Reader::note_error(const DeviceError& e) {
  {
    std::lock_guard lock(mu_);
    ++status_.counters.errors;
    status_.counters.last_error = e.message;
  }
  emit([&](ReaderEvents& ev) { if (ev.error) ev.error(e); });
}

void Reader::fail_link() {
  transport_->close();
  link_failures_ = 0;
  {
    std::lock_guard lock(mu_);
    status_.state = DeviceState::Offline;
    status_.sam_ok = false;
  }
  // Presence is unknown while the link is down; a card still there is read again afterwards.
  set_card_present(false);
  publish();
}

void Reader::link_problem(const DeviceError& e) {
  note_error(e);
  if (e.code == DeviceErrorCode::Io || ++link_failures_ >= kLinkFailuresBeforeReopen) fail_link();
}

bool Reader::connect() {
  auto opened = transport_->open();
  DeviceError failure;
  bool hardware = false;
  std::string sam_id;
  if (opened) {
    SamSession s(*transport_, config_.reply_margin);
    auto st = s.sam_status();
    if (st) {
      auto id = s.sam_id();
      if (id) sam_id = *id;
      if (id || id.error().code == DeviceErrorCode::DeviceStatus) {
        {
          std::lock_guard lock(mu_);
          status_.state = DeviceState::Online;
          status_.sam_ok = true;
          status_.sam_id = sam_id;
        }
        ever_connected_ = true;
        link_failures_ = 0;
        last_connect_error_.clear();
        next_idle_check_ = Clock::now() + config_.idle_check_interval;
        publish();
        return true;
      }
      failure = id.error();
    } else {
      failure = st.error();
      hardware = failure.code == DeviceErrorCode::DeviceStatus;
    }
    transport_->close();
  } else {
    failure = opened.error();
  }
  {
    std::lock_guard lock(mu_);
    status_.sam_ok = false;
    if (hardware) status_.state = DeviceState::HardwareError;
    else if (!ever_connected_ && failure.code == DeviceErrorCode::NoDevice) status_.state = DeviceState::NoDevice;
    else status_.state = DeviceState::Offline;
  }
  if (failure.message != last_connect_error_) {
    last_connect_error_ = failure.message;
    note_error(failure);
  }
  publish();
  return false;
}

void Reader::read_present_card() {
  set_state(DeviceState::Busy);
  publish();
  SamSession s(*transport_, config_.reply_margin);
  bool content_error = false;
  auto selected = s.select_card();
  auto card = selected ? s.read_card(config_.read_fingerprint, config_.read_extra_address, &content_error)
                       : DeviceResult<CardData>(tl::unexpected(selected.error()));
  set_state(DeviceState::Online);
  if (card) {
    latched_ = true;
    link_failures_ = 0;
    {
      std::lock_guard lock(mu_);
      ++status_.counters.operations;
    }
    card->expired = card_expired(*card, local_today());
    publish();
    if (interactive_pending_) {
      interactive_pending_ = false;
      auto done = std::move(interactive_done_);
      interactive_done_ = nullptr;
      const std::string type(card_type_id(card->type));
      const std::size_t photo = card->photo_wlt.size();
      if (auto sink = std::exchange(interactive_card_, nullptr)) sink(std::move(*card));
      done(HealthResult{true, "test card read: " + type + ", photo " + std::to_string(photo) + " bytes"});
    } else {
      emit([&](ReaderEvents& ev) { if (ev.card_read) ev.card_read(std::move(*card)); });
    }
    return;
  }
  const DeviceError& e = card.error();
  const bool refused = content_error || e.code == DeviceErrorCode::DeviceStatus || e.code == DeviceErrorCode::Unsupported;
  // The SAM will not read this placement again; so is a card that keeps failing on the wire.
  if (refused || ++read_attempts_ >= kReadAttempts) latched_ = true;
  const DeviceError shown{e.code, latched_ ? e.message + "; lift the card and place it again" : e.message};
  if (interactive_pending_ && latched_) {
    interactive_pending_ = false;
    auto done = std::move(interactive_done_);
    interactive_done_ = nullptr;
    done(HealthResult{false, shown.message});
  }
  if (refused) {
    note_error(shown);
    publish();
  } else {
    link_problem(shown);
    publish();
  }
}

void Reader::poll_once() {
  last_find_ = Clock::now();
  SamSession s(*transport_, config_.reply_margin);
  auto found = s.find_card();
  if (!found) {
    link_problem(found.error());
    return;
  }
  link_failures_ = 0;
  set_card_present(*found);
  publish();
  if (*found && !latched_) read_present_card();
}

HealthResult Reader::internal_health() const {
  const ReaderStatus s = status();
  std::string text = std::string("state ") + std::string(to_string(s.state)) + ", SAM " + (s.sam_ok ? "ok" : "not ok") +
                     ", card " + (s.card_present ? "present" : "absent") + ", " + s.port + ", reads " +
                     std::to_string(s.counters.operations) + ", errors " + std::to_string(s.counters.errors);
  if (!s.counters.last_error.empty()) text += ", last error: " + s.counters.last_error;
  const bool ok = s.sam_ok && (s.state == DeviceState::Online || s.state == DeviceState::Busy);
  return HealthResult{ok, text};
}

void Reader::run_health(HealthRequest& req) {
  switch (req.level) {
    case HealthLevel::Internal: req.done(internal_health()); return;
    case HealthLevel::External: {
      if (!transport_->is_open()) {
        req.done(HealthResult{false, "reader offline: " + status().counters.last_error});
        return;
      }
      SamSession s(*transport_, config_.reply_margin);
      auto st = s.sam_status();
      auto id = st ? s.sam_id() : DeviceResult<std::string>(tl::unexpected(st.error()));
      if (!id) {
        if (id.error().code != DeviceErrorCode::DeviceStatus) link_problem(id.error());
        else note_error(id.error());
        req.done(HealthResult{false, "SAM check failed: " + id.error().message});
        return;
      }
      {
        std::lock_guard lock(mu_);
        status_.sam_id = *id;
      }
      req.done(HealthResult{true, "SAM status ok, SAM ID " + *id + ", " + transport_->describe()});
      return;
    }
    case HealthLevel::Interactive:
      if (interactive_done_) interactive_done_(HealthResult{false, "superseded by a new interactive check"});
      interactive_pending_ = true;
      interactive_deadline_ = Clock::now() + config_.interactive_timeout;
      interactive_done_ = std::move(req.done);
      interactive_card_ = std::move(req.card);
      return;
  }
}

void Reader::run() {
  std::unique_lock lk(mu_);
  while (!stopping_) {
    kicked_ = false;
    if (!transport_->is_open()) {
      reconnect_ = false;
      lk.unlock();
      const bool ok = connect();
      lk.lock();
      if (!ok) {
        std::deque<HealthRequest> pending;
        pending.swap(health_queue_);
        lk.unlock();
        for (auto& r : pending) run_health(r);
        if (interactive_pending_ && Clock::now() >= interactive_deadline_) {
          interactive_pending_ = false;
          auto done = std::move(interactive_done_);
          interactive_done_ = nullptr;
          done(HealthResult{false, "reader offline; no test card read"});
        }
        lk.lock();
        auto wake = [&] { return stopping_ || kicked_; };
        if (config_.self_reconnect) cv_.wait_for(lk, config_.reconnect_interval, wake);
        else if (interactive_pending_) cv_.wait_until(lk, interactive_deadline_, wake);  // to time the check out
        else cv_.wait(lk, [&] { return stopping_ || reconnect_ || !health_queue_.empty(); });  // the manager's backoff
        continue;
      }
    }
    while (!health_queue_.empty() && !stopping_) {
      HealthRequest req = std::move(health_queue_.front());
      health_queue_.pop_front();
      lk.unlock();
      run_health(req);
      lk.lock();
    }
    if (stopping_ || !transport_->is_open()) continue;

    const auto now = Clock::now();
    if (interactive_pending_ && now >= interactive_deadline_) {
      interactive_pending_ = false;
      auto done = std::move(interactive_done_);
      interactive_done_ = nullptr;
      lk.unlock();
      done(HealthResult{false, "no test card was read; place a card on the reader and try again"});
      lk.lock();
      continue;
    }
    if (wanted_ || interactive_pending_) {
      const auto due = last_find_ + config_.poll_interval;
      if (now < due) {
        cv_.wait_until(lk, due, [&] { return stopping_ || !health_queue_.empty(); });
        continue;
      }
      lk.unlock();
      poll_once();
      lk.lock();
      continue;
    }
    if (config_.idle_check_interval.count() > 0 && now >= next_idle_check_) {
      next_idle_check_ = now + config_.idle_check_interval;
      lk.unlock();
      SamSession s(*transport_, config_.reply_margin);
      if (auto st = s.sam_status(); !st) {
        if (st.error().code == DeviceErrorCode::DeviceStatus) {
          note_error(st.error());
          fail_link();
        } else {
          link_problem(st.error());
        }
      }
      lk.lock();
      continue;
    }
    auto wake = [&] { return stopping_ || kicked_; };
    if (config_.idle_check_interval.count() > 0) cv_.wait_until(lk, next_idle_check_, wake);
    else cv_.wait(lk, wake);
  }
  lk.unlock();
  transport_->close();
}

}  // namespace ow::drivers::idcard
