#include "drivers/scanner/fake_scanner.hpp"

#include <sane/saneopts.h>

#include <algorithm>
#include <cstring>

namespace ow::drivers::scanner {
namespace {
const SANE_String_Const kModes[] = {"Color", "Gray", nullptr};
const SANE_String_Const kSources[] = {"Flatbed", "Automatic Document Feeder", nullptr};

// A blank white page: what a flatbed scans with nothing on the glass (A4 at a few dpi).
ScannedPage blank_page() {
  ScannedPage p;
  p.width = 210;
  p.height = 297;
  p.channels = 1;
  p.pixels.assign(static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height), 255);
  return p;
}
}  // namespace

FakeSaneBackend::FakeSaneBackend(std::string name) : name_(std::move(name)) {
  device_ = SANE_Device{name_.c_str(), "OneWindow", "Fake scanner", "flatbed scanner"};
  options_[kCount] = SANE_Option_Descriptor{SANE_NAME_NUM_OPTIONS, "", "", SANE_TYPE_INT, SANE_UNIT_NONE, sizeof(SANE_Word),
                                            SANE_CAP_SOFT_DETECT, SANE_CONSTRAINT_NONE, {nullptr}};
  options_[kMode] = SANE_Option_Descriptor{SANE_NAME_SCAN_MODE, "", "", SANE_TYPE_STRING, SANE_UNIT_NONE, 32,
                                           SANE_CAP_SOFT_SELECT | SANE_CAP_SOFT_DETECT, SANE_CONSTRAINT_STRING_LIST, {nullptr}};
  options_[kMode].constraint.string_list = kModes;
  options_[kResolution] = SANE_Option_Descriptor{SANE_NAME_SCAN_RESOLUTION, "", "", SANE_TYPE_INT, SANE_UNIT_DPI, sizeof(SANE_Word),
                                                 SANE_CAP_SOFT_SELECT | SANE_CAP_SOFT_DETECT, SANE_CONSTRAINT_RANGE, {nullptr}};
  options_[kResolution].constraint.range = &resolution_range_;
  options_[kSource] = SANE_Option_Descriptor{SANE_NAME_SCAN_SOURCE, "", "", SANE_TYPE_STRING, SANE_UNIT_NONE, 32,
                                             SANE_CAP_SOFT_SELECT | SANE_CAP_SOFT_DETECT, SANE_CONSTRAINT_STRING_LIST, {nullptr}};
  options_[kSource].constraint.string_list = kSources;
}

void FakeSaneBackend::put_on_glass(ScannedPage page) {
  std::lock_guard lock(mu_);
  glass_ = std::move(page);
}

void FakeSaneBackend::load_feeder(std::vector<ScannedPage> pages) {
  std::lock_guard lock(mu_);
  for (auto& p : pages) feeder_.push_back(std::move(p));
  fed_ = 0;
}

void FakeSaneBackend::jam_after(int n) {
  std::lock_guard lock(mu_);
  jam_after_ = n;
  fed_ = 0;
}

std::string FakeSaneBackend::mode() const {
  std::lock_guard lock(mu_);
  return mode_;
}

int FakeSaneBackend::resolution() const {
  std::lock_guard lock(mu_);
  return resolution_;
}

std::string FakeSaneBackend::source() const {
  std::lock_guard lock(mu_);
  return source_;
}

std::size_t FakeSaneBackend::feeder_left() const {
  std::lock_guard lock(mu_);
  return feeder_.size();
}

SANE_Status FakeSaneBackend::acquire() { return SANE_STATUS_GOOD; }
void FakeSaneBackend::release() {}

SANE_Status FakeSaneBackend::get_devices(const SANE_Device*** list, bool) {
  *list = devices_;
  return SANE_STATUS_GOOD;
}

SANE_Status FakeSaneBackend::open(const std::string& name, SANE_Handle* handle) {
  if (name != name_) return SANE_STATUS_INVAL;  // as SANE reports an unknown device
  *handle = this;
  return SANE_STATUS_GOOD;
}

void FakeSaneBackend::close(SANE_Handle) {}

const SANE_Option_Descriptor* FakeSaneBackend::get_option_descriptor(SANE_Handle, SANE_Int option) {
  return option >= 0 && option < kOptions ? &options_[option] : nullptr;
}

SANE_Status FakeSaneBackend::control_option(SANE_Handle, SANE_Int option, SANE_Action action, void* value, SANE_Int* info) {
  if (info) *info = 0;
  if (option < 0 || option >= kOptions || !value) return SANE_STATUS_INVAL;
  std::lock_guard lock(mu_);
  std::string* text = option == kMode ? &mode_ : option == kSource ? &source_ : nullptr;
  if (action == SANE_ACTION_GET_VALUE) {
    if (text) std::snprintf(static_cast<char*>(value), 32, "%s", text->c_str());
    else *static_cast<SANE_Word*>(value) = option == kCount ? static_cast<SANE_Word>(kOptions) : resolution_;
    return SANE_STATUS_GOOD;
  }
  if (action != SANE_ACTION_SET_VALUE || option == kCount) return SANE_STATUS_INVAL;
  if (text) {
    const std::string v(static_cast<const char*>(value));
    const SANE_String_Const* list = options_[option].constraint.string_list;
    for (; *list; ++list)
      if (v == *list) break;
    if (!*list) return SANE_STATUS_INVAL;
    *text = v;
    return SANE_STATUS_GOOD;
  }
  resolution_ = std::clamp(*static_cast<SANE_Word*>(value), resolution_range_.min, resolution_range_.max);
  if (info) *info = SANE_INFO_INEXACT;
  return SANE_STATUS_GOOD;
}

ScannedPage FakeSaneBackend::page_in_mode(const ScannedPage& page) const {
  const int ch = mode_ == "Color" ? 3 : 1;
  if (page.channels == ch) return page;
  ScannedPage out = page;
  out.channels = ch;
  const std::size_t n = static_cast<std::size_t>(page.width) * static_cast<std::size_t>(page.height);
  out.pixels.assign(n * static_cast<std::size_t>(ch), 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (ch == 3) {
      std::fill_n(out.pixels.begin() + static_cast<std::ptrdiff_t>(i * 3), 3, page.pixels[i]);
    } else {
      const std::uint8_t* p = &page.pixels[i * 3];
      out.pixels[i] = static_cast<std::uint8_t>((p[0] + p[1] + p[2]) / 3);
    }
  }
  return out;
}

SANE_Status FakeSaneBackend::get_parameters(SANE_Handle, SANE_Parameters* params) {
  std::lock_guard lock(mu_);
  const ScannedPage& p = started_ ? current_ : (glass_ ? *glass_ : current_);
  const int ch = mode_ == "Color" ? 3 : 1;
  params->format = ch == 3 ? SANE_FRAME_RGB : SANE_FRAME_GRAY;
  params->last_frame = SANE_TRUE;
  params->depth = 8;
  params->pixels_per_line = p.width;
  params->lines = p.height;
  params->bytes_per_line = p.width * ch;
  return SANE_STATUS_GOOD;
}

SANE_Status FakeSaneBackend::start(SANE_Handle) {
  std::lock_guard lock(mu_);
  cancelled_ = false;
  ScannedPage page;
  if (source_ == "Flatbed") {
    page = glass_ ? *glass_ : blank_page();
  } else {
    if (jam_after_ >= 0 && fed_ >= jam_after_) return SANE_STATUS_JAMMED;
    if (feeder_.empty()) return SANE_STATUS_NO_DOCS;
    page = std::move(feeder_.front());
    feeder_.pop_front();
    ++fed_;
  }
  current_ = page_in_mode(page);
  // SANE sends colour as RGB; the pages here are BGR like the driver's.
  data_ = current_.pixels;
  if (current_.channels == 3)
    for (std::size_t i = 0; i + 2 < data_.size(); i += 3) std::swap(data_[i], data_[i + 2]);
  read_ = 0;
  started_ = true;
  return SANE_STATUS_GOOD;
}

SANE_Status FakeSaneBackend::read(SANE_Handle, SANE_Byte* data, SANE_Int max_length, SANE_Int* length) {
  *length = 0;
  if (cancelled_) return SANE_STATUS_CANCELLED;
  std::lock_guard lock(mu_);
  if (!started_) return SANE_STATUS_INVAL;
  if (read_ >= data_.size()) return SANE_STATUS_EOF;
  const std::size_t n = std::min(static_cast<std::size_t>(max_length), data_.size() - read_);
  std::memcpy(data, data_.data() + read_, n);
  read_ += n;
  *length = static_cast<SANE_Int>(n);
  return SANE_STATUS_GOOD;
}

void FakeSaneBackend::cancel(SANE_Handle) {
  cancelled_ = true;
  std::lock_guard lock(mu_);
  started_ = false;
}

}  // namespace ow::drivers::scanner
