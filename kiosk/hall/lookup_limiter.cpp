#include "kiosk/hall/lookup_limiter.hpp"

#include <algorithm>

namespace ow {

namespace {
constexpr std::chrono::seconds kFirstWait{60};
constexpr std::chrono::seconds kLongestWait{15 * 60};
constexpr std::chrono::seconds kForgetAfter{30 * 60};
}  // namespace

std::int64_t LookupLimiter::wait_s(Time now) const {
  if (now >= locked_until_) return 0;
  return std::chrono::ceil<std::chrono::seconds>(locked_until_ - now).count();
}

void LookupLimiter::failed(Time now) {
  if (failures_ > 0 && now - last_failure_ > kForgetAfter) failures_ = 0;
  ++failures_;
  last_failure_ = now;
  if (failures_ < kFreeTries) return;
  const int doublings = std::min(failures_ - kFreeTries, 4);
  locked_until_ = now + std::min<std::chrono::seconds>(kFirstWait * (1 << doublings), kLongestWait);
}

void LookupLimiter::matched() {
  failures_ = 0;
  locked_until_ = {};
}

}  // namespace ow
