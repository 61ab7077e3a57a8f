#include "kiosk/wedge_detector.hpp"

#include <utility>

namespace ow {

void WedgeDetector::release(std::vector<WedgeEvent>& out) {
  if (held_bytes_ > options_.max_length) {
    // A burst this long and fast is a scanner, not a person; it is not typed into a field.
    out.push_back(wedge::ScanTooLong{held_bytes_});
  } else if (!held_.empty()) {
    out.push_back(wedge::Typed{std::move(held_)});
  }
  clear();
}

std::vector<WedgeEvent> WedgeDetector::text(std::string_view utf8, Millis t) {
  std::vector<WedgeEvent> out;
  if (utf8.empty()) return out;
  if (held_bytes_ > 0 && t - last_ > options_.max_gap) release(out);
  held_bytes_ += utf8.size();
  if (held_bytes_ <= options_.max_length) held_.append(utf8);
  else held_.clear();
  last_ = t;
  return out;
}

std::vector<WedgeEvent> WedgeDetector::enter(Millis t) {
  std::vector<WedgeEvent> out;
  const bool burst = held_bytes_ > 0 && t - last_ <= options_.max_gap;
  if (burst && held_bytes_ > options_.max_length) {
    out.push_back(wedge::ScanTooLong{held_bytes_});
    clear();
    return out;
  }
  if (burst && held_.size() >= options_.min_length) {
    out.push_back(wedge::Scan{std::move(held_)});
    clear();
    return out;
  }
  release(out);
  out.push_back(wedge::Enter{});
  return out;
}

std::vector<WedgeEvent> WedgeDetector::flush(Millis now) {
  std::vector<WedgeEvent> out;
  if (held_bytes_ > 0 && now - last_ > options_.max_gap) release(out);
  return out;
}

std::optional<WedgeDetector::Millis> WedgeDetector::deadline() const {
  if (held_bytes_ == 0) return std::nullopt;
  return last_ + options_.max_gap + Millis(1);
}

void WedgeDetector::clear() {
  held_.clear();
  held_bytes_ = 0;
}

}  // namespace ow
