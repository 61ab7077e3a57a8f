#include "kiosk/maintenance/maintenance.hpp"

#include <algorithm>
#include <future>

#include "drivers/device_adapters.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/catalog/installer.hpp"
#include "kiosk/maintenance/a4_test_page.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"
#include "drivers/smartcard/sscard.hpp"

namespace ow::maintenance {

namespace {
using nlohmann::json;
using namespace std::chrono;

int level_index(drivers::HealthLevel l) { return static_cast<int>(l); }

// The recent 办不成事 reports (step and matter only: nothing personal to mask).
void read_help_reports(store::Store& s, QueueView& v) {
  const std::int64_t since = store::unix_ms_now() - std::int64_t{kHelpReportDays} * 86'400'000;
  auto count = s.help_request_count(since);
  auto rows = s.help_requests_since(since, kHelpReportRows);
  if (!count || !rows) {
    v.error = (!count ? count.error() : rows.error()).message;
    return;
  }
  v.help_count = *count;
  for (const auto& r : *rows)
    v.help.push_back({local_minutes(system_clock::time_point(milliseconds(r.at_ms))), r.step, r.matter_code});
}

// Card fields for the screen: personal ones masked here, on the driver's thread, so the clear
// text never reaches the UI thread; the originals wipe themselves.
std::vector<std::pair<std::string, std::string>> masked(std::vector<drivers::ActionField>& fields) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& f : fields) {
    switch (f.kind) {
      case drivers::FieldKind::Plain: out.emplace_back(f.key, f.value.str()); break;
      case drivers::FieldKind::Name: out.emplace_back(f.key, receipt::mask_name(f.value.view())); break;
      case drivers::FieldKind::IdNumber: out.emplace_back(f.key, mask_id_number(f.value.view())); break;
      case drivers::FieldKind::CardNumber: out.emplace_back(f.key, drivers::smartcard::mask_card_number(f.value.view())); break;
    }
    f.value.clear();
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Maintenance>> Maintenance::create(const Config& config, KioskLink link, Options options) {
  auto tech = load_technician_config(config);
  if (!tech) return tl::unexpected(tech.error());
  // Every device is built once, by kiosk/devices.cpp: the kiosk's manager, or one of our own.
  std::unique_ptr<drivers::DeviceManager> own;
  if (!options.manager) {
    DeviceBuildOptions build;
    build.manager = options.devices;
    build.start = false;
    auto built = build_device_manager(config, std::move(build));
    if (!built) return tl::unexpected(built.error());
    own = std::move(*built);
  }
  std::unique_ptr<Maintenance> m(new Maintenance(config, std::move(link), std::move(*tech), std::move(options), std::move(own)));
  if (m->options_.control_socket) {
    auto server = ControlServer::start(m->tech_.control_socket, m->tech_.socket_group,
                                       [raw = m.get()](const control::Request& r) { return raw->handle(r); });
    if (server) m->server_ = std::move(*server);
    else log::warn("maintenance", "control socket: " + server.error().message + "; kioskctl reads files instead");
  }
  return m;
}

Maintenance::Maintenance(const Config& config, KioskLink link, TechnicianConfig tech, Options options,
                         std::unique_ptr<drivers::DeviceManager> own_devices)
    : config_(config),
      link_(std::move(link)),
      tech_(std::move(tech)),
      options_(std::move(options)),
      own_devices_(std::move(own_devices)),
      devices_(own_devices_ ? own_devices_.get() : options_.manager),
      pins_(config.data_dir, options_.pins),
      started_(steady_clock::now()) {
  guard_->self = this;
}

Maintenance::~Maintenance() {
  preview_.reset();
  server_.reset();
  if (own_devices_) own_devices_->stop();
  std::lock_guard lock(guard_->mu);
  guard_->self = nullptr;
}

void Maintenance::post(std::function<void(store::Store*)> job) {
  worker_.post([this, job = std::move(job)] {
    if (!worker_store_) {
      auto options = store_options(config_);
      options.actor = "technician";
      if (auto s = store::Store::open(options)) worker_store_ = std::move(*s);
      else log::warn("maintenance", "store: " + s.error().message);
    }
    job(worker_store_.get());
  });
}

void Maintenance::complete(std::function<void(Maintenance&)> fn) {
  {
    std::lock_guard lock(completions_mu_);
    completions_.push_back(std::move(fn));
  }
  if (link_.wake) link_.wake();
}

void Maintenance::audit(const std::string& action, const std::string& ref, const std::string& detail) {
  log::info("maintenance", action + (ref.empty() ? "" : " " + ref) + (detail.empty() ? "" : ": " + detail));
  post([action, ref, detail](store::Store* s) {
    if (!s) return;
    if (auto ok = s->audit(action, ref, detail); !ok) log::error("maintenance", "audit log: " + ok.error().message);
  });
}

// --- entry ---

void Maintenance::begin_entry(SteadyTime now) {
  if (showing()) return;
  entering_ = true;
  digits_.clear();
  message_ = PinMessage::None;
  last_touch_ = now;
  technicians_ = pins_.technicians();
  chosen_ = technicians_.size() == 1 ? technicians_.front() : std::string();
  if (link_.citizen_idle && !link_.citizen_idle()) message_ = PinMessage::NotIdle;
  else if (const std::int64_t wall = unix_now(); auto until = pins_.locked_until(wall)) {
    message_ = PinMessage::Locked;
    locked_until_ = *until;
    locked_end_ = now + seconds(*until - wall);
  } else if (technicians_.empty()) {
    message_ = PinMessage::NoPins;
  }
  audit("maintenance.entry_shown", "", "");
  report_showing();
}

void Maintenance::choose_technician(const std::string& name, SteadyTime now) {
  last_touch_ = now;
  if (!entering_ || checking_ || std::find(technicians_.begin(), technicians_.end(), name) == technicians_.end()) return;
  chosen_ = name;
  if (message_ == PinMessage::ChooseTechnician) message_ = PinMessage::None;
}

void Maintenance::pin_digit(char digit, SteadyTime now) {
  last_touch_ = now;
  if (!entering_ || checking_ || digit < '0' || digit > '9' || digits_.size() >= options_.pins.max_length) return;
  digits_ += digit;
  if (message_ == PinMessage::Wrong) message_ = PinMessage::None;
}

void Maintenance::pin_backspace(SteadyTime now) {
  last_touch_ = now;
  if (!digits_.empty() && !checking_) digits_.pop_back();
}

void Maintenance::pin_submit(SteadyTime now) {
  last_touch_ = now;
  if (!entering_ || checking_ || digits_.empty()) return;
  if (link_.citizen_idle && !link_.citizen_idle()) {
    message_ = PinMessage::NotIdle;
    return;
  }
  if (chosen_.empty()) {
    message_ = PinMessage::ChooseTechnician;
    return;
  }
  checking_ = true;
  std::string pin;
  pin.swap(digits_);
  // Argon2id takes a noticeable fraction of a second on purpose: off the UI thread.
  worker_.post([this, pin, technician = chosen_]() mutable {
    const std::int64_t wall = unix_now();
    const PinCheck r = pins_.verify(technician, pin, wall);
    const SteadyTime checked = steady_clock::now();
    std::fill(pin.begin(), pin.end(), '\0');
    complete([r, wall, checked](Maintenance& m) {
      m.checking_ = false;
      switch (r.outcome) {
        case PinOutcome::Accepted:
          m.entering_ = false;
          m.technician_ = r.technician;
          m.page_ = Page::Overview;
          m.last_touch_ = steady_clock::now();
          m.refresh_static();
          m.refresh_queue();
          m.audit("maintenance.enter", r.technician, "PIN accepted");
          break;
        case PinOutcome::Wrong:
          m.message_ = PinMessage::Wrong;
          m.attempts_left_ = r.attempts_left;
          m.audit("maintenance.pin_wrong", "", std::to_string(r.attempts_left) + " attempts left");
          break;
        case PinOutcome::Locked:
          m.message_ = PinMessage::Locked;
          m.locked_until_ = r.locked_until.value_or(0);
          m.locked_end_ = checked + seconds(std::max<std::int64_t>(0, m.locked_until_ - wall));
          m.audit("maintenance.locked", "", "entry locked until " + rfc3339_utc(m.locked_until_ * 1000));
          break;
        case PinOutcome::NoPins: m.message_ = PinMessage::NoPins; break;
        case PinOutcome::Unavailable:
          m.message_ = PinMessage::Unavailable;
          log::error("maintenance", "PIN entry refused: " + r.error);
          break;
      }
    });
  });
}

void Maintenance::cancel_entry() {
  entering_ = false;
  digits_.clear();
  report_showing();
}

void Maintenance::report_showing() {
  if (showing() == reported_showing_) return;
  reported_showing_ = showing();
  if (link_.showing_changed) link_.showing_changed(reported_showing_);
}

PinEntryView Maintenance::pin_view() const {
  PinEntryView v{digits_.size(), checking_, message_, attempts_left_, 0, technicians_, chosen_};
  if (message_ == PinMessage::Locked)
    v.locked_minutes = std::max<std::int64_t>(1, std::chrono::ceil<minutes>(locked_end_ - steady_clock::now()).count());
  return v;
}

// --- session ---

bool Maintenance::update(SteadyTime now) {
  std::vector<std::function<void(Maintenance&)>> done;
  {
    std::lock_guard lock(completions_mu_);
    done.swap(completions_);
  }
  for (auto& fn : done) fn(*this);
  bool changed = !done.empty();
  const auto idle = seconds(tech_.idle_timeout_s);
  if (active() && now - last_touch_ >= idle) {
    leave("idle timeout");
    changed = true;
  }
  // The keypad left alone closes sooner: the kiosk must not stay away from citizens.
  if (entering_ && !checking_ && now - last_touch_ >= seconds(60)) {
    cancel_entry();
    changed = true;
  }
  if (message_ == PinMessage::Locked && entering_ && locked_end_ <= now) {
    message_ = PinMessage::None;
    changed = true;
  }
  return changed;
}

SteadyTime Maintenance::next_wake(SteadyTime now) const {
  if (preview_ && active()) return std::min(last_touch_ + seconds(tech_.idle_timeout_s), now + milliseconds(66));  // live picture
  if (active()) return std::min(last_touch_ + seconds(tech_.idle_timeout_s), now + seconds(2));  // live values refresh
  if (entering_) return std::min(last_touch_ + seconds(60), now + seconds(30));
  return now + hours(1);
}

void Maintenance::leave(const std::string& why) {
  if (!active()) {
    cancel_entry();
    return;
  }
  audit("maintenance.leave", technician_, why);
  technician_.clear();
  entering_ = false;
  selected_.clear();
  checks_.clear();
  action_ = {};
  action_output_ = {};
  preview_.reset();
  page_ = Page::Overview;
  report_showing();
}

// --- pages ---

void Maintenance::go(Page page) {
  page_ = page;
  if (page != Page::Device) {
    preview_.reset();
    action_output_ = {};
  }
  if (page == Page::Queue || page == Page::Overview) refresh_queue();
  if (page == Page::Network || page == Page::Catalog) refresh_static();
}

void Maintenance::open_device(const std::string& name) {
  selected_ = name;
  action_ = {};
  action_output_ = {};
  page_ = Page::Device;
  start_preview();
}

void Maintenance::start_preview() {
  preview_.reset();
  auto adapter = devices_->adapter(selected_);
  if (!adapter) return;
  PreviewKind kind = PreviewKind::Document;
  for (const auto& spec : tech_.devices)
    if (spec.name == selected_) kind = is_face_camera(spec) ? PreviewKind::Face : PreviewKind::Document;
  // A camera opens only now (the adapter does not hold it), which takes a moment: on the worker.
  post([this, adapter = std::move(adapter), kind, name = selected_](store::Store*) {
    auto cam = adapter->camera();
    if (!cam) return;
    complete([cam = std::move(cam), kind, name](Maintenance& m) mutable {
      if (m.page_ == Page::Device && m.selected_ == name && !m.preview_)
        m.preview_ = std::make_unique<CameraPreview>(std::move(cam), kind, m.link_.wake);
    });
  });
}

CheckResult Maintenance::check_result(drivers::HealthLevel level) const {
  const auto it = checks_.find({selected_, level_index(level)});
  return it == checks_.end() ? CheckResult{} : it->second;
}

void Maintenance::run_check(drivers::HealthLevel level) {
  if (!active() || selected_.empty()) return;
  const auto key = std::make_pair(selected_, level_index(level));
  if (checks_[key].running) return;
  checks_[key] = CheckResult{true, std::nullopt, {}};
  audit("device.health", selected_, std::string(drivers::to_string(level)));
  devices_->check_health(selected_, level, [g = guard_, key](drivers::HealthResult r) {
    std::lock_guard lock(g->mu);
    if (!g->self) return;
    g->self->complete([key, r](Maintenance& m) {
      m.checks_[key] = CheckResult{false, r.passed, r.text};
      m.audit("device.health_result", key.first, (r.passed ? "passed: " : "failed: ") + r.text);
    });
  });
}

void Maintenance::run_action(const std::string& action_id) {
  if (!active() || selected_.empty() || action_.running) return;
  action_ = CheckResult{true, std::nullopt, {}};
  action_output_ = {};
  audit("device.action", selected_, action_id);
  devices_->run_action(selected_, action_id, [g = guard_, device = selected_, action_id](drivers::ActionResult r) {
    ActionOutput out{masked(r.fields), std::move(r.image)};
    std::lock_guard lock(g->mu);
    if (!g->self) return;
    g->self->complete([passed = r.passed, text = r.text, out = std::move(out), device, action_id](Maintenance& m) mutable {
      m.action_ = CheckResult{false, passed, text};
      // A result for a device the technician has left since is not shown on another's page.
      if (m.selected_ == device) m.action_output_ = std::move(out);
      m.audit("device.action_result", device, action_id + (passed ? " passed: " : " failed: ") + text);
    });
  });
}

CheckResult Maintenance::action_result() const { return action_; }

QueueView Maintenance::queue_view() const { return queue_; }

void Maintenance::refresh_queue() {
  if (queue_.loading) return;
  queue_.loading = true;
  post([this](store::Store* s) {
    QueueView v;
    if (s) v.store_fault = s->key_fault();
    if (!s) {
      v.error = "store not open";
    } else if (auto st = s->stats(store::unix_ms_now()); !st) {
      v.error = st.error().message;
    } else {
      v.stats = *st;
      for (auto state : {store::OutboxState::Rejected, store::OutboxState::Sending, store::OutboxState::Pending}) {
        if (auto list = s->list(state, 20)) v.waiting.insert(v.waiting.end(), list->begin(), list->end());
      }
      read_help_reports(*s, v);
    }
    complete([v = std::move(v)](Maintenance& m) mutable { m.queue_ = std::move(v); });
  });
}

void Maintenance::retry(const std::string& submission_id) {
  if (!active()) return;
  audit("outbox.retry", submission_id, "");
  post([this, submission_id](store::Store* s) {
    if (s) {
      if (auto ok = s->retry_now(submission_id, store::unix_ms_now()); !ok) log::warn("maintenance", "retry: " + ok.error().message);
    }
    if (link_.sync_now) link_.sync_now();
  });
  refresh_queue_after_post();
}

void Maintenance::retry_all() {
  if (!active()) return;
  audit("outbox.retry_all", "", "");
  post([this](store::Store* s) {
    if (!s) return;
    for (auto state : {store::OutboxState::Rejected, store::OutboxState::Pending}) {
      auto list = s->list(state, 10000);
      if (!list) continue;
      for (const auto& e : *list) (void)s->retry_now(e.id, store::unix_ms_now());
    }
    if (link_.sync_now) link_.sync_now();
  });
  refresh_queue_after_post();
}

void Maintenance::refresh_queue_after_post() {
  queue_.loading = false;
  refresh_queue();  // queued behind the retry on the same worker
}

void Maintenance::refresh_static() {
  certificates_ = read_certificates(config_);
  catalog_ = read_catalog_info(config_, link_.catalog_version ? link_.catalog_version() : std::string());
}

void Maintenance::rollback_catalog() {
  if (!active()) return;
  audit("catalog.rollback", std::to_string(catalog_.installed), "requested");
  if (link_.rollback_catalog) {
    link_.rollback_catalog([g = guard_](bool, std::string message) {
      std::lock_guard lock(g->mu);
      if (!g->self) return;
      g->self->complete([message = std::move(message)](Maintenance& m) {
        m.catalog_message_ = message;
        m.refresh_static();
        m.audit("catalog.rollback_result", "", message);
      });
    });
    return;
  }
  post([this](store::Store*) {
    std::string message;
    auto key = catalog::load_public_key(config_.catalog_pubkey);
    if (!key) {
      message = "catalog key: " + key.error().message;
    } else {
      catalog::Installer installer(config_.data_dir / "catalog", *key, OW_VERSION);
      auto r = installer.rollback();
      message = r ? "catalog version " + std::to_string(r->current) + " is current; the kiosk serves it from its next start"
                  : r.error().message;
    }
    complete([message](Maintenance& m) {
      m.catalog_message_ = message;
      m.refresh_static();
      m.audit("catalog.rollback_result", "", message);
    });
  });
}

SystemInfo Maintenance::system_info() const {
  return read_system_info(config_.data_dir, duration_cast<seconds>(steady_clock::now() - started_).count());
}

// --- other threads ---

StatusInputs Maintenance::live_status() const {
  StatusInputs in;
  in.source = "kiosk";
  in.devices = devices_->devices();
  if (link_.sync_status) in.sync = link_.sync_status();
  in.catalog = read_catalog_info(config_, link_.catalog_version ? link_.catalog_version() : std::string());
  in.system = system_info();
  in.certificates = read_certificates(config_);
  in.ports = PortsInfo{devices_->serial_ports(), devices_->video_devices(), devices_->usb_devices()};
  return in;
}

json Maintenance::heartbeat_devices() const { return maintenance::heartbeat_devices(devices_->devices()); }

json Maintenance::handle_request(const json& request) {
  auto r = control::parse_request(request);
  if (!r) return json{{"ok", false}, {"error", r.error().message}};
  return handle(*r);
}

json Maintenance::handle(const control::Request& request) {
  if (std::holds_alternative<control::Ping>(request)) return json{{"ok", true}};
  if (std::holds_alternative<control::Status>(request) || std::holds_alternative<control::Devices>(request)) {
    StatusInputs in = live_status();
    std::string open_error;
    if (!control_store_) {
      auto options = store_options(config_);
      options.actor = "kioskctl";
      if (auto s = store::Store::open(options)) control_store_ = std::move(*s);
      else open_error = s.error().message;
    }
    if (control_store_) {
      if (auto st = control_store_->stats(store::unix_ms_now())) in.outbox = *st;
    }
    in.data_key = data_key_info(control_store_.get(), open_error);
    json status = status_json(config_, in);
    if (std::holds_alternative<control::Devices>(request)) return json{{"ok", true}, {"devices", status["devices"]}, {"source", "kiosk"}};
    return json{{"ok", true}, {"status", status}};
  }
  if (const auto* health = std::get_if<control::Health>(&request)) {
    const std::string& name = health->device;
    const drivers::HealthLevel level = health->level;
    auto p = std::make_shared<std::promise<drivers::HealthResult>>();
    auto f = p->get_future();
    devices_->check_health(name, level, [p](drivers::HealthResult r) { p->set_value(std::move(r)); });
    if (f.wait_for(seconds(10)) != std::future_status::ready) return json{{"ok", false}, {"error", "health check timed out"}};
    const auto r = f.get();
    log::info("maintenance", "kioskctl health " + name + " " + std::string(drivers::to_string(level)) + ": " +
                                 (r.passed ? "passed" : "failed"));
    return json{{"ok", true}, {"device", name}, {"level", std::string(drivers::to_string(level))}, {"passed", r.passed}, {"text", r.text}};
  }
  if (std::holds_alternative<control::CatalogRollback>(request)) {
    // kioskctl catalog rollback while the kiosk runs: the kiosk rolls back itself, so it serves the
    // previous catalog at once and its heartbeat says so (a change of the files alone would not be
    // seen before a restart).
    if (!link_.rollback_catalog) return json{{"ok", false}, {"error", "this kiosk cannot roll back its catalog"}};
    audit("catalog.rollback", std::to_string(read_catalog_info(config_, "").installed), "requested by kioskctl");
    auto p = std::make_shared<std::promise<std::pair<bool, std::string>>>();
    auto f = p->get_future();
    link_.rollback_catalog([p](bool ok, std::string message) { p->set_value({ok, std::move(message)}); });
    if (f.wait_for(seconds(30)) != std::future_status::ready) return json{{"ok", false}, {"error", "the rollback did not finish within 30 s"}};
    auto [ok, message] = f.get();
    audit("catalog.rollback_result", "", message);
    return ok ? json{{"ok", true}, {"message", message}} : json{{"ok", false}, {"error", message}};
  }
  const auto& logs = std::get<control::Logs>(request);
  json lines = json::array();
  for (const auto& l : log::recent(logs.level, logs.max, logs.after))
    lines.push_back(json{{"seq", l.seq}, {"time", l.time}, {"level", log::level_name(l.level)}, {"component", l.component}, {"message", l.message}});
  return json{{"ok", true}, {"lines", lines}};
}

}  // namespace ow::maintenance
