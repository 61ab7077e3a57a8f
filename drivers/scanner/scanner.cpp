// Scanner over libsane. SANE is initialised while any scanner handle or listing is in use; all
// SANE calls except sane_cancel (which the standard allows from any thread) happen on the
// thread that calls scan().
#include "drivers/scanner/scanner.hpp"

#include "drivers/scanner/sane_api.hpp"
#include "drivers/scanner/scan_frame.hpp"

#include <sane/sane.h>
#include <sane/saneopts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <optional>

namespace ow::drivers::scanner {

namespace {

class SystemSane final : public SaneApi {
 public:
  SANE_Status acquire() override {
    std::lock_guard lock(mu_);
    if (users_ == 0) {
      SANE_Int version = 0;
      const SANE_Status st = sane_init(&version, nullptr);
      if (st != SANE_STATUS_GOOD) return st;
    }
    ++users_;
    return SANE_STATUS_GOOD;
  }
  void release() override {
    std::lock_guard lock(mu_);
    if (--users_ == 0) sane_exit();
  }
  SANE_Status get_devices(const SANE_Device*** list, bool local_only) override {
    return sane_get_devices(list, local_only ? SANE_TRUE : SANE_FALSE);
  }
  SANE_Status open(const std::string& name, SANE_Handle* handle) override { return sane_open(name.c_str(), handle); }
  void close(SANE_Handle handle) override { sane_close(handle); }
  const SANE_Option_Descriptor* get_option_descriptor(SANE_Handle handle, SANE_Int option) override {
    return sane_get_option_descriptor(handle, option);
  }
  SANE_Status control_option(SANE_Handle handle, SANE_Int option, SANE_Action action, void* value, SANE_Int* info) override {
    return sane_control_option(handle, option, action, value, info);
  }
  SANE_Status get_parameters(SANE_Handle handle, SANE_Parameters* params) override { return sane_get_parameters(handle, params); }
  SANE_Status start(SANE_Handle handle) override { return sane_start(handle); }
  SANE_Status read(SANE_Handle handle, SANE_Byte* data, SANE_Int max_length, SANE_Int* length) override {
    return sane_read(handle, data, max_length, length);
  }
  void cancel(SANE_Handle handle) override { sane_cancel(handle); }

 private:
  std::mutex mu_;
  int users_ = 0;
};

ScanError error_of(int status, const std::string& what) {
  const auto m = map_sane_status(status);
  return ScanError{m.fault, m.state, what + ": " + sane_strstatus(static_cast<SANE_Status>(status))};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Option {
  SANE_Int index;
  const SANE_Option_Descriptor* d;
};

// Descriptors may change after any set (SANE_INFO_RELOAD_OPTIONS), so look them up each time.
std::optional<Option> find_option(SaneApi& api, SANE_Handle h, std::string_view name) {
  SANE_Int count = 0;
  if (api.control_option(h, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) return std::nullopt;
  for (SANE_Int i = 1; i < count; ++i) {
    const SANE_Option_Descriptor* d = api.get_option_descriptor(h, i);
    if (d && d->name && name == d->name && SANE_OPTION_IS_ACTIVE(d->cap)) return Option{i, d};
  }
  return std::nullopt;
}

std::vector<std::string> string_choices(const SANE_Option_Descriptor* d) {
  std::vector<std::string> out;
  if (d->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    for (const SANE_String_Const* s = d->constraint.string_list; s && *s; ++s) out.emplace_back(*s);
  return out;
}

SANE_Status set_string(SaneApi& api, SANE_Handle h, const Option& o, const std::string& value) {
  std::vector<char> buf(std::max<std::size_t>(static_cast<std::size_t>(o.d->size), value.size() + 1), '\0');
  std::memcpy(buf.data(), value.c_str(), value.size());
  return api.control_option(h, o.index, SANE_ACTION_SET_VALUE, buf.data(), nullptr);
}

// Sets an INT or FIXED option to the allowed value nearest `wanted`; returns the value in effect.
std::optional<double> set_number(SaneApi& api, SANE_Handle h, const Option& o, double wanted) {
  const bool fixed = o.d->type == SANE_TYPE_FIXED;
  if (!fixed && o.d->type != SANE_TYPE_INT) return std::nullopt;
  auto to_double = [&](SANE_Word w) { return fixed ? SANE_UNFIX(w) : static_cast<double>(w); };
  double value = wanted;
  if (o.d->constraint_type == SANE_CONSTRAINT_RANGE) {
    const SANE_Range* r = o.d->constraint.range;
    const double lo = to_double(r->min), hi = to_double(r->max), q = to_double(r->quant);
    value = std::clamp(wanted, lo, hi);
    if (q > 0) value = lo + std::round((value - lo) / q) * q;
  } else if (o.d->constraint_type == SANE_CONSTRAINT_WORD_LIST) {
    const SANE_Word* list = o.d->constraint.word_list;
    double best = 0, best_diff = 1e18;
    for (SANE_Word i = 1; i <= list[0]; ++i) {
      const double v = to_double(list[i]);
      if (std::abs(v - wanted) < best_diff) {
        best_diff = std::abs(v - wanted);
        best = v;
      }
    }
    if (best_diff < 1e18) value = best;
  }
  SANE_Word w = fixed ? SANE_FIX(value) : static_cast<SANE_Word>(std::lround(value));
  if (api.control_option(h, o.index, SANE_ACTION_SET_VALUE, &w, nullptr) != SANE_STATUS_GOOD) return std::nullopt;
  SANE_Word now = 0;
  if (api.control_option(h, o.index, SANE_ACTION_GET_VALUE, &now, nullptr) != SANE_STATUS_GOOD) return value;
  return to_double(now);
}

SANE_Status set_by_text(SaneApi& api, SANE_Handle h, const Option& o, const std::string& text) {
  switch (o.d->type) {
    case SANE_TYPE_STRING: return set_string(api, h, o, text);
    case SANE_TYPE_BOOL: {
      const std::string t = lower(text);
      SANE_Word b = (t == "yes" || t == "true" || t == "1") ? SANE_TRUE : SANE_FALSE;
      return api.control_option(h, o.index, SANE_ACTION_SET_VALUE, &b, nullptr);
    }
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED: {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || *end != '\0') return SANE_STATUS_INVAL;
      return set_number(api, h, o, v) ? SANE_STATUS_GOOD : SANE_STATUS_INVAL;
    }
    default: return SANE_STATUS_UNSUPPORTED;
  }
}

std::optional<std::string> pick_source(const std::vector<std::string>& choices, ScanSource wanted) {
  for (const auto& c : choices) {
    const std::string l = lower(c);
    const bool feeder = l.find("adf") != std::string::npos || l.find("feeder") != std::string::npos;
    const bool duplex = l.find("duplex") != std::string::npos;
    if (wanted == ScanSource::Flatbed && !feeder && !duplex) return c;
    if (wanted == ScanSource::Adf && feeder && !duplex) return c;
    if (wanted == ScanSource::AdfDuplex && duplex) return c;
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<SaneApi> system_sane() {
  static const auto api = std::make_shared<SystemSane>();
  return api;
}

ScanResult<std::vector<ScannerInfo>> Scanner::list(bool local_only) { return list(system_sane(), local_only); }

ScanResult<std::vector<ScannerInfo>> Scanner::list(const std::shared_ptr<SaneApi>& api, bool local_only) {
  if (const SANE_Status st = api->acquire(); st != SANE_STATUS_GOOD) return tl::unexpected(error_of(st, "sane_init"));
  const SANE_Device** devices = nullptr;
  const SANE_Status st = api->get_devices(&devices, local_only);
  std::vector<ScannerInfo> out;
  if (st == SANE_STATUS_GOOD)
    for (const SANE_Device** d = devices; d && *d; ++d)
      out.push_back(ScannerInfo{(*d)->name ? (*d)->name : "", (*d)->vendor ? (*d)->vendor : "",
                                (*d)->model ? (*d)->model : "", (*d)->type ? (*d)->type : ""});
  api->release();
  if (st != SANE_STATUS_GOOD) return tl::unexpected(error_of(st, "listing scanners"));
  return out;
}

ScanResult<std::unique_ptr<Scanner>> Scanner::open(const std::string& name, std::shared_ptr<SaneApi> api) {
  if (!api) api = system_sane();
  if (const SANE_Status st = api->acquire(); st != SANE_STATUS_GOOD) return tl::unexpected(error_of(st, "sane_init"));
  SANE_Handle h = nullptr;
  const SANE_Status st = api->open(name, &h);
  if (st != SANE_STATUS_GOOD) {
    api->release();
    auto e = error_of(st, "opening scanner '" + name + "'");
    // SANE reports an unknown device name as INVAL.
    if (st == SANE_STATUS_INVAL) {
      e.fault = ScanFault::NoDevice;
      e.state = DeviceState::NoDevice;
    }
    return tl::unexpected(std::move(e));
  }
  return std::unique_ptr<Scanner>(new Scanner(name, h, std::move(api)));
}

Scanner::Scanner(std::string name, void* handle, std::shared_ptr<SaneApi> api)
    : name_(std::move(name)), handle_(handle), api_(std::move(api)) {}

Scanner::~Scanner() {
  cancel();
  api_->close(static_cast<SANE_Handle>(handle_));
  api_->release();
}

void Scanner::cancel() {
  cancelled_ = true;
  if (scanning_) api_->cancel(static_cast<SANE_Handle>(handle_));
}

ScanError Scanner::fail(int status, const std::string& what) {
  auto e = error_of(status, what);
  std::lock_guard lock(mutex_);
  state_ = e.state;
  ++counters_.errors;
  counters_.last_error = e.message;
  return e;
}

ScanResult<void> Scanner::apply(const ScanSettings& s, int& dpi_used) {
  auto* h = static_cast<SANE_Handle>(handle_);
  bool depth_one = false;
  if (auto mode = find_option(*api_, h, SANE_NAME_SCAN_MODE)) {
    const auto choices = string_choices(mode->d);
    auto has = [&](const char* v) { return std::find(choices.begin(), choices.end(), v) != choices.end(); };
    std::string want = s.mode == ScanMode::Color ? "Color" : s.mode == ScanMode::Gray ? "Gray" : "Lineart";
    if (s.mode == ScanMode::Lineart && !has("Lineart")) {
      want = "Gray";  // backends without a line-art mode offer 1-bit gray instead
      depth_one = true;
    }
    if (!has(want.c_str())) return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner has no " + want + " mode"});
    if (const SANE_Status st = set_string(*api_, h, *mode, want); st != SANE_STATUS_GOOD) return tl::unexpected(fail(st, "setting mode " + want));
  } else if (s.mode == ScanMode::Color) {
    return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner has no mode option for colour"});
  }
  if (auto depth = find_option(*api_, h, SANE_NAME_BIT_DEPTH); depth && SANE_OPTION_IS_SETTABLE(depth->d->cap)) {
    const auto v = set_number(*api_, h, *depth, depth_one ? 1 : 8);
    if (depth_one && (!v || *v != 1))
      return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner offers neither line-art nor 1-bit gray"});
  } else if (depth_one) {
    return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner offers neither line-art nor 1-bit gray"});
  }
  if (auto source = find_option(*api_, h, SANE_NAME_SCAN_SOURCE)) {
    const auto choice = pick_source(string_choices(source->d), s.source);
    if (!choice)
      return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner has no " + std::string(to_string(s.source)) + " source"});
    if (const SANE_Status st = set_string(*api_, h, *source, *choice); st != SANE_STATUS_GOOD) return tl::unexpected(fail(st, "setting source " + *choice));
  } else if (s.source != ScanSource::Flatbed) {
    return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::Online, "scanner has no document feeder"});
  }
  dpi_used = s.dpi;
  if (auto res = find_option(*api_, h, SANE_NAME_SCAN_RESOLUTION)) {
    const auto v = set_number(*api_, h, *res, s.dpi);
    if (!v) return tl::unexpected(fail(SANE_STATUS_INVAL, "setting resolution"));
    dpi_used = static_cast<int>(std::lround(*v));
  }
  for (const auto& [name, value] : s.extra_options) {
    auto o = find_option(*api_, h, name);
    if (!o) return tl::unexpected(ScanError{ScanFault::InvalidOption, DeviceState::Online, "scanner has no active option " + name});
    if (const SANE_Status st = set_by_text(*api_, h, *o, value); st != SANE_STATUS_GOOD) return tl::unexpected(fail(st, "setting " + name));
  }
  return {};
}

ScanResult<ScannedPage> Scanner::read_page(int dpi, const ScanSettings& settings) {
  auto* h = static_cast<SANE_Handle>(handle_);
  SANE_Parameters p{};
  if (const SANE_Status st = api_->get_parameters(h, &p); st != SANE_STATUS_GOOD) return tl::unexpected(fail(st, "reading scan parameters"));
  // Before any byte is read: a row the parameters describe must fit in bytes_per_line.
  if (auto ok = check_frame(p); !ok) return tl::unexpected(ok.error());

  std::vector<std::uint8_t> raw;
  const std::size_t expected = p.lines > 0 ? static_cast<std::size_t>(p.lines) * static_cast<std::size_t>(p.bytes_per_line) : 0;
  raw.reserve(std::min(kMaxPageBytes, expected));
  std::vector<SANE_Byte> buf(64 * 1024);
  while (true) {
    if (cancelled_) return tl::unexpected(fail(SANE_STATUS_CANCELLED, "scan"));
    SANE_Int len = 0;
    const SANE_Status st = api_->read(h, buf.data(), static_cast<SANE_Int>(buf.size()), &len);
    if (st == SANE_STATUS_EOF) break;
    // A cancel from another thread can make the backend's read fail (its pipe closed) before it
    // reports CANCELLED: the scan was still cancelled, not broken.
    if (st != SANE_STATUS_GOOD) return tl::unexpected(fail(cancelled_ ? SANE_STATUS_CANCELLED : st, "reading scan data"));
    if (len < 0 || static_cast<std::size_t>(len) > buf.size())
      return tl::unexpected(fail(SANE_STATUS_IO_ERROR, "sane_read claims " + std::to_string(len) + " bytes of a " + std::to_string(buf.size()) + "-byte buffer"));
    raw.insert(raw.end(), buf.begin(), buf.begin() + len);
    if (raw.size() > kMaxPageBytes) return tl::unexpected(fail(SANE_STATUS_NO_MEM, "page larger than 512 MiB"));
    if (settings.on_progress) settings.on_progress(raw.size(), expected);
  }

  if (raw.size() < static_cast<std::size_t>(p.bytes_per_line)) return tl::unexpected(fail(SANE_STATUS_IO_ERROR, "scanner sent an empty page"));
  return assemble_frame(p, raw, dpi);
}

ScanResult<int> Scanner::scan(const ScanSettings& settings, const std::function<void(ScannedPage&&)>& on_page) {
  if (scanning_.exchange(true)) return tl::unexpected(ScanError{ScanFault::Busy, DeviceState::Busy, "a scan is already running"});
  cancelled_ = false;
  {
    std::lock_guard lock(mutex_);
    state_ = DeviceState::Busy;
  }
  auto* h = static_cast<SANE_Handle>(handle_);
  auto finish = [&](ScanResult<int> r) {
    api_->cancel(h);  // ends the batch (also after a clean last page, as the standard asks)
    scanning_ = false;
    std::lock_guard lock(mutex_);
    if (r) state_ = DeviceState::Online;
    return r;
  };
  int dpi = settings.dpi;
  if (auto applied = apply(settings, dpi); !applied) {
    auto e = applied.error();
    std::lock_guard lock(mutex_);
    if (state_ == DeviceState::Busy) state_ = DeviceState::Online;
    scanning_ = false;
    return tl::unexpected(std::move(e));
  }
  const bool feeder = settings.source != ScanSource::Flatbed;
  int pages = 0;
  while (pages < std::max(1, settings.max_pages)) {
    if (cancelled_) return finish(tl::unexpected(fail(SANE_STATUS_CANCELLED, "scan")));
    const SANE_Status st = api_->start(h);
    if (st == SANE_STATUS_NO_DOCS && feeder && pages > 0) break;  // the feeder ran empty: done
    if (st != SANE_STATUS_GOOD) return finish(tl::unexpected(fail(cancelled_ ? SANE_STATUS_CANCELLED : st, pages ? "starting page " + std::to_string(pages + 1) : "starting scan")));
    auto page = read_page(dpi, settings);
    if (!page) return finish(tl::unexpected(page.error()));
    on_page(std::move(*page));
    ++pages;
    {
      std::lock_guard lock(mutex_);
      ++counters_.operations;
    }
    if (!feeder) break;
  }
  return finish(pages);
}

DeviceState Scanner::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

DeviceCounters Scanner::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

HealthResult Scanner::health(HealthLevel level) {
  if (level == HealthLevel::Internal) return HealthResult{handle_ != nullptr, "scanner " + name_ + " is open"};
  if (scanning_) return HealthResult{true, "scanner " + name_ + " is scanning"};
  const auto options = describe_options();
  if (options.empty()) return HealthResult{false, "scanner " + name_ + " does not answer option queries"};
  return HealthResult{true, "scanner " + name_ + " answers (" + std::to_string(options.size()) + " options)"};
}

std::vector<std::string> Scanner::describe_options() {
  auto* h = static_cast<SANE_Handle>(handle_);
  std::vector<std::string> out;
  SANE_Int count = 0;
  if (api_->control_option(h, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) return out;
  for (SANE_Int i = 1; i < count; ++i) {
    const SANE_Option_Descriptor* d = api_->get_option_descriptor(h, i);
    if (!d || !d->name || !*d->name || !SANE_OPTION_IS_ACTIVE(d->cap) || d->size <= 0 || d->size > 4096) continue;
    std::vector<char> buf(std::max(static_cast<std::size_t>(d->size), sizeof(SANE_Word)) + 1, '\0');
    if (api_->control_option(h, i, SANE_ACTION_GET_VALUE, buf.data(), nullptr) != SANE_STATUS_GOOD) continue;
    SANE_Word w;
    std::memcpy(&w, buf.data(), sizeof w);
    std::string value;
    switch (d->type) {
      case SANE_TYPE_STRING: value = buf.data(); break;
      case SANE_TYPE_BOOL: value = w ? "yes" : "no"; break;
      case SANE_TYPE_INT: value = std::to_string(w); break;
      case SANE_TYPE_FIXED: value = std::to_string(SANE_UNFIX(w)); break;
      default: continue;
    }
    out.push_back(std::string(d->name) + "=" + value);
  }
  return out;
}

}  // namespace ow::drivers::scanner
