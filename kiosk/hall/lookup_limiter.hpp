#pragma once
// Failed 办件查询 by receipt number, counted so that nobody can walk through the sequential
// numbers guessing the last 4 ID characters: after kFreeTries failures in a row each further try
// waits, 60 s and then twice as long each time up to 15 minutes. It lives with the kiosk, not the
// session, so ending the session does not clear it; a match, or half an hour without tries, does.
#include <chrono>
#include <cstdint>

namespace ow {

class LookupLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;
  static constexpr int kFreeTries = 5;

  // Whole seconds until the next try is allowed; 0: now.
  std::int64_t wait_s(Time now) const;
  void failed(Time now);
  void matched();

 private:
  int failures_ = 0;
  Time last_failure_{};
  Time locked_until_{};
};

}  // namespace ow
