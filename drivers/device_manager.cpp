#include "drivers/device_manager.hpp"

#include <fcntl.h>
#include <libusb.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/thread_guard.hpp"
#include "base/json_number.hpp"
#include "drivers/camera/camera.hpp"
#include "drivers/known_devices.hpp"

namespace ow::drivers {

namespace {
using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool attached(DeviceState s) { return s != DeviceState::NoDevice; }
bool needs_reconnect(DeviceState s) { return s == DeviceState::NoDevice || s == DeviceState::Offline; }

std::string usb_string(libusb_device_handle* h, std::uint8_t index) {
  if (index == 0) return {};
  unsigned char buf[256];
  const int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
  return n > 0 ? std::string(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)) : std::string();
}

// Writes the file next to its final name, syncs it, then renames: a crash leaves the old or the new file.
bool write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const auto tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}
}  // namespace

std::vector<UsbDeviceInfo> enumerate_usb(bool read_strings) {
  std::vector<UsbDeviceInfo> out;
  libusb_context* ctx = nullptr;
  if (libusb_init(&ctx) != 0) return out;
  libusb_device** list = nullptr;
  const ssize_t n = libusb_get_device_list(ctx, &list);
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device* dev = list[i];
    libusb_device_descriptor d{};
    if (libusb_get_device_descriptor(dev, &d) != 0) continue;
    if (d.bDeviceClass == LIBUSB_CLASS_HUB) continue;  // root and external hubs are not devices of the kiosk
    UsbDeviceInfo info;
    info.vendor = d.idVendor;
    info.product = d.idProduct;
    info.bus = libusb_get_bus_number(dev);
    info.address = libusb_get_device_address(dev);
    std::uint8_t ports[8];
    const int depth = libusb_get_port_numbers(dev, ports, sizeof ports);
    info.port_path = std::to_string(info.bus);
    for (int p = 0; p < depth; ++p) info.port_path += (p == 0 ? "-" : ".") + std::to_string(ports[p]);
    if (auto known = find_known_device(d.idVendor, d.idProduct)) {
      info.family = std::string(to_string(known->family));
      info.model = std::string(known->model);
    }
    libusb_device_handle* h = nullptr;
    if (read_strings && libusb_open(dev, &h) == 0) {
      info.manufacturer = usb_string(h, d.iManufacturer);
      info.product_name = usb_string(h, d.iProduct);
      info.serial = usb_string(h, d.iSerialNumber);
      libusb_close(h);
    }
    if (info.model.empty()) info.model = info.product_name;
    out.push_back(std::move(info));
  }
  if (list) libusb_free_device_list(list, 1);
  libusb_exit(ctx);
  return out;
}

int DeviceSpec::option_int(const std::string& key, int fallback) const {
  const auto it = options.find(key);
  if (it == options.end()) return fallback;
  try {
    return std::stoi(it->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

struct DeviceManager::Entry {
  DeviceSpec spec;
  std::string source;
  std::shared_ptr<DeviceAdapter> adapter;
  // Monitor thread only, copied out under mu_ for views.
  DeviceState state = DeviceState::NoDevice;
  DeviceDetails details;
  DeviceIdentity identity;
  UsageCounters seen;  // the driver's counters at the last poll
  PersistentCounters totals;
  std::deque<RecentError> errors;
  std::string last_error;
  bool polled = false;
  Clock::time_point last_poll{};
  int attempts = 0;
  Clock::time_point next_retry{};
};

// libusb hotplug for every device: arrivals and departures trigger a rescan and cut reconnect
// backoffs short. Without hotplug support the periodic rescan still notices changes.
struct DeviceManager::UsbHotplug {
  libusb_context* ctx = nullptr;
  libusb_hotplug_callback_handle handle = 0;
  std::atomic<bool> running{false};
  std::function<void()> changed;
  std::thread thread;

  static int LIBUSB_CALL trampoline(libusb_context*, libusb_device*, libusb_hotplug_event, void* user) {
    static_cast<UsbHotplug*>(user)->changed();
    return 0;
  }
  bool start(std::function<void()> cb) {
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) || libusb_init(&ctx) != 0) return false;
    changed = std::move(cb);
    if (libusb_hotplug_register_callback(ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                         LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                         LIBUSB_HOTPLUG_MATCH_ANY, trampoline, this, &handle) != LIBUSB_SUCCESS) {
      libusb_exit(ctx);
      ctx = nullptr;
      return false;
    }
    running = true;
    thread = std::thread([this] {
      guarded("usb hotplug", [this] {
        while (running) {
          timeval tv{0, 200000};
          libusb_handle_events_timeout_completed(ctx, &tv, nullptr);
        }
      });
    });
    return true;
  }
  ~UsbHotplug() {
    if (!ctx) return;
    running = false;
    if (thread.joinable()) thread.join();
    libusb_hotplug_deregister_callback(ctx, handle);
    libusb_exit(ctx);
  }
};

DeviceManager::DeviceManager(DeviceManagerConfig config) : config_(std::move(config)) { load_counters(); }

DeviceManager::~DeviceManager() { stop(); }

void DeviceManager::on_event(EventCallback callback) {
  std::lock_guard lock(mu_);
  on_event_ = std::move(callback);
}

void DeviceManager::add(DeviceSpec spec, std::shared_ptr<DeviceAdapter> adapter, std::string source) {
  auto e = std::make_unique<Entry>();
  e->spec = std::move(spec);
  e->source = std::move(source);
  e->adapter = std::move(adapter);
  std::lock_guard lock(mu_);
  if (auto it = saved_.find(e->spec.name); it != saved_.end()) e->totals = it->second;
  if (e->totals.first_seen.empty()) e->totals.first_seen = utc_now();
  std::erase_if(entries_, [&](const auto& x) { return x->spec.name == e->spec.name; });
  entries_.push_back(std::move(e));
  kicked_ = true;
  cv_.notify_all();
}

void DeviceManager::remove(const std::string& name) {
  std::shared_ptr<DeviceAdapter> gone;  // released outside the lock: a driver's destructor joins its thread
  {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if ((*it)->spec.name != name) continue;
      saved_[name] = (*it)->totals;
      gone = std::move((*it)->adapter);
      entries_.erase(it);
      break;
    }
  }
}

void DeviceManager::start() {
  {
    std::lock_guard lock(mu_);
    if (running_) return;
    running_ = true;
    stopping_ = false;
  }
  if (config_.usb) start_usb_hotplug();
  rescan();
  monitor_ = std::thread([this] { guarded("device monitor", [this] { run(); }); });
}

void DeviceManager::stop() {
  bool was_running = false;
  {
    std::lock_guard lock(mu_);
    was_running = running_;
    stopping_ = true;
    cv_.notify_all();
  }
  if (monitor_.joinable()) monitor_.join();
  stop_usb_hotplug();
  std::vector<Check> checks;
  {
    std::lock_guard lock(checks_mu_);
    checks.swap(checks_);
  }
  for (auto& c : checks) c.thread.join();
  if (was_running) save_counters();
  std::lock_guard lock(mu_);
  running_ = false;
}

void DeviceManager::start_usb_hotplug() {
  auto h = std::make_unique<UsbHotplug>();
  if (!h->start([this] {
        std::lock_guard lock(mu_);
        last_rescan_ = {};  // rescan at the next turn of the monitor
        for (auto& e : entries_) e->next_retry = {};
        kicked_ = true;
        cv_.notify_all();
      }))
    return;
  hotplug_ = std::move(h);
}

void DeviceManager::stop_usb_hotplug() { hotplug_.reset(); }

void DeviceManager::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const auto now = Clock::now();
    std::vector<DeviceEvent> events;
    // Polling calls into drivers, which take their own locks: do it without holding mu_.
    std::vector<Entry*> list;
    for (auto& e : entries_) list.push_back(e.get());
    lock.unlock();
    for (Entry* e : list) poll(*e, now, events);
    const bool rescan_due = now - last_rescan_ >= config_.rescan_interval;
    if (rescan_due) rescan();
    lock.lock();
    if (counters_dirty_ && now - last_save_ >= config_.save_interval) {
      lock.unlock();
      save_counters();
      lock.lock();
    }
    auto cb = on_event_;
    if (cb && !events.empty()) {
      lock.unlock();
      for (const auto& ev : events) cb(ev);
      lock.lock();
    }
    if (!kicked_) cv_.wait_for(lock, config_.poll_interval, [this] { return stopping_ || kicked_; });
    kicked_ = false;
  }
}

void DeviceManager::poll(Entry& e, Clock::time_point now, std::vector<DeviceEvent>& events) {
  auto& a = *e.adapter;
  a.idle();
  const DeviceState state = a.state();
  DeviceDetails details = a.details();
  DeviceIdentity identity = a.identity();
  const UsageCounters c = a.counters();

  std::unique_lock lock(mu_);
  // Drivers count from their own start; a count below the last one means the driver restarted.
  auto delta = [](std::uint64_t now_v, std::uint64_t before) { return now_v >= before ? now_v - before : now_v; };
  const std::uint64_t ops = delta(c.operations, e.seen.operations), errs = delta(c.errors, e.seen.errors);
  const double paper = c.paper_m >= e.seen.paper_m ? c.paper_m - e.seen.paper_m : c.paper_m;
  e.totals.operations += ops;
  e.totals.errors += errs;
  e.totals.paper_m += paper;
  if (e.polled && attached(e.state)) e.totals.powered_hours += std::chrono::duration<double>(now - e.last_poll).count() / 3600.0;
  if (ops || errs || paper > 0) counters_dirty_ = true;
  if (errs && !c.last_error.empty()) note_error(e, c.last_error);
  e.seen = c;
  if (!c.last_error.empty()) e.last_error = c.last_error;
  e.last_poll = now;

  const DeviceState before = e.state;
  const bool first = !e.polled;
  e.polled = true;
  e.state = state;
  e.details = std::move(details);
  if (!identity.model.empty() || !identity.serial.empty() || !identity.manufacturer.empty()) e.identity = std::move(identity);
  if (first || before != state) {
    counters_dirty_ = true;
    if (!first || state != DeviceState::NoDevice)
      events.push_back(DeviceEvent{e.spec.name, before, state, state == DeviceState::Online ? std::string() : e.last_error});
    if (!needs_reconnect(state)) e.attempts = 0;
    else if (e.attempts == 0) e.next_retry = now + config_.backoff_base;
  }
  // Reconnect with exponential backoff while the device is away. Drivers built from specs have
  // no retries of their own; a registered driver's (if any) continue underneath.
  if (needs_reconnect(state) && now >= e.next_retry) {
    ++e.attempts;
    const auto wait = std::min<std::int64_t>(config_.backoff_cap.count(),
                                             config_.backoff_base.count() << std::min(e.attempts - 1, 20));
    e.next_retry = now + Millis(wait);
    auto adapter = e.adapter;
    lock.unlock();
    adapter->reconnect();
  }
}

void DeviceManager::note_error(Entry& e, const std::string& text) {
  e.errors.push_back(RecentError{utc_now(), text});
  while (e.errors.size() > config_.recent_errors) e.errors.pop_front();
}

void DeviceManager::rescan() {
  std::vector<std::string> serial;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator(config_.dev_root, ec)) {
    const std::string n = d.path().filename().string();
    if (n.rfind("ttyUSB", 0) == 0 || n.rfind("ttyACM", 0) == 0) serial.push_back(d.path().string());
    // Built-in UARTs exist as nodes whether or not hardware is there; sysfs says which are real.
    if (n.rfind("ttyS", 0) == 0 && std::filesystem::exists(config_.sysfs_root / "class/tty" / n / "device/driver", ec) &&
        std::filesystem::read_symlink(config_.sysfs_root / "class/tty" / n / "device/driver", ec).filename() != "serial8250")
      serial.push_back(d.path().string());
  }
  std::sort(serial.begin(), serial.end());
  std::vector<std::string> video;
  for (const auto& v : camera::list_video_devices(config_.sysfs_root)) video.push_back(v.path + " " + v.name);
  std::vector<UsbDeviceInfo> usb;
  if (config_.usb) usb = enumerate_usb(false);
  std::lock_guard lock(mu_);
  // A configured serial device whose port just appeared is tried at once.
  for (auto& e : entries_) {
    const bool is_new = std::find(serial.begin(), serial.end(), e->spec.port) != serial.end() &&
                        std::find(serial_ports_.begin(), serial_ports_.end(), e->spec.port) == serial_ports_.end();
    if (is_new) e->next_retry = {};
  }
  serial_ports_ = std::move(serial);
  video_devices_ = std::move(video);
  if (config_.usb) usb_ = std::move(usb);
  last_rescan_ = Clock::now();
}

std::vector<DeviceView> DeviceManager::devices() const {
  std::vector<DeviceView> out;
  std::vector<std::pair<const Entry*, std::shared_ptr<DeviceAdapter>>> list;
  {
    std::lock_guard lock(mu_);
    for (const auto& e : entries_) list.emplace_back(e.get(), e->adapter);
  }
  for (const auto& [e, adapter] : list) {
    std::vector<std::string> caps = adapter->capabilities();
    std::string port = adapter->port();
    std::lock_guard lock(mu_);
    DeviceView v;
    v.name = e->spec.name;
    v.family = e->spec.family;
    v.source = e->source;
    v.port = port.empty() ? e->spec.port : port;
    v.usb_vendor = e->spec.usb_vendor;
    v.usb_product = e->spec.usb_product;
    v.state = e->state;
    v.details = e->details;
    v.capabilities = std::move(caps);
    v.identity = e->identity;
    v.counters = e->totals;
    v.last_error = e->last_error;
    v.recent_errors.assign(e->errors.begin(), e->errors.end());
    if (needs_reconnect(e->state) && e->attempts > 0) {
      v.retry_in_ms = std::max<std::int64_t>(
          0, std::chrono::duration_cast<Millis>(e->next_retry - Clock::now()).count());
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<DeviceView> DeviceManager::device(const std::string& name) const {
  for (auto& v : devices())
    if (v.name == name) return v;
  return std::nullopt;
}

std::shared_ptr<DeviceAdapter> DeviceManager::adapter(const std::string& name) const {
  std::lock_guard lock(mu_);
  for (const auto& e : entries_)
    if (e->spec.name == name) return e->adapter;
  return nullptr;
}

void DeviceManager::check_health(const std::string& name, HealthLevel level, std::function<void(HealthResult)> done) {
  auto a = adapter(name);
  if (!a) {
    done(HealthResult{false, "no device named " + name});
    return;
  }
  spawn_check([a, level, done = std::move(done)]() mutable { a->check_health(level, std::move(done)); });
}

void DeviceManager::spawn_check(std::function<void()> fn) {
  std::vector<Check> finished;
  {
    std::lock_guard lock(checks_mu_);
    for (auto it = checks_.begin(); it != checks_.end();) {
      if (it->finished->load()) {
        finished.push_back(std::move(*it));
        it = checks_.erase(it);
      } else {
        ++it;
      }
    }
    auto flag = std::make_shared<std::atomic<bool>>(false);
    checks_.push_back(Check{std::thread([fn = std::move(fn), flag]() mutable {
                              guarded("device check", fn);
                              flag->store(true);
                            }),
                            flag});
  }
  for (auto& c : finished) c.thread.join();
}

std::vector<DeviceAction> DeviceManager::actions(const std::string& name) const {
  auto a = adapter(name);
  return a ? a->actions() : std::vector<DeviceAction>{};
}

void DeviceManager::run_action(const std::string& name, const std::string& id, std::function<void(ActionResult)> done) {
  auto a = adapter(name);
  if (!a) {
    done(ActionResult{{false, "no device named " + name}, {}, nullptr});
    return;
  }
  spawn_check([a, id, done = std::move(done)]() mutable { a->run_action(id, std::move(done)); });
}

void DeviceManager::reconnect_now(const std::string& name) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_)
    if (e->spec.name == name) e->next_retry = {};
  kicked_ = true;
  cv_.notify_all();
}

std::vector<UsbDeviceInfo> DeviceManager::usb_devices() const {
  std::lock_guard lock(mu_);
  return usb_;
}

std::vector<std::string> DeviceManager::serial_ports() const {
  std::lock_guard lock(mu_);
  return serial_ports_;
}

std::vector<std::string> DeviceManager::video_devices() const {
  std::lock_guard lock(mu_);
  return video_devices_;
}

void DeviceManager::poll_now() {
  std::vector<Entry*> list;
  {
    std::lock_guard lock(mu_);
    for (auto& e : entries_) list.push_back(e.get());
  }
  std::vector<DeviceEvent> events;
  for (Entry* e : list) poll(*e, Clock::now(), events);
  EventCallback cb;
  {
    std::lock_guard lock(mu_);
    cb = on_event_;
  }
  if (cb)
    for (const auto& ev : events) cb(ev);
}

void DeviceManager::load_counters() {
  if (config_.counters_file.empty()) return;
  std::ifstream in(config_.counters_file);
  if (!in) return;
  const json j = json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("devices") || !j["devices"].is_object()) return;
  for (const auto& [name, d] : j["devices"].items()) {
    if (!d.is_object()) continue;
    PersistentCounters c;
    c.operations = json_int<std::uint64_t>(d, "operations").value_or(0);
    c.errors = json_int<std::uint64_t>(d, "errors").value_or(0);
    c.powered_hours = json_double(d, "powered_hours", 0, 1e9).value_or(0);
    c.paper_m = json_double(d, "paper_m", 0, 1e12).value_or(0);
    if (const auto it = d.find("first_seen"); it != d.end() && it->is_string()) c.first_seen = it->get<std::string>();
    saved_[name] = c;
  }
}

void DeviceManager::save_counters() {
  if (config_.counters_file.empty()) return;
  json devices = json::object();
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, c] : saved_)
      devices[name] = json{{"operations", c.operations}, {"errors", c.errors}, {"powered_hours", c.powered_hours},
                           {"paper_m", c.paper_m}, {"first_seen", c.first_seen}};
    for (const auto& e : entries_) {
      const auto& c = e->totals;
      devices[e->spec.name] = json{{"operations", c.operations}, {"errors", c.errors}, {"powered_hours", c.powered_hours},
                                   {"paper_m", c.paper_m}, {"first_seen", c.first_seen}};
    }
    counters_dirty_ = false;
    last_save_ = Clock::now();
  }
  write_atomically(config_.counters_file, json{{"version", 1}, {"devices", devices}}.dump(2) + "\n");
}

}  // namespace ow::drivers
