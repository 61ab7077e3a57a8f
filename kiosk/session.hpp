#pragma once
// The citizen session: which screen shows, what the citizen entered, and when it ends.
// Everything personal lives here and nowhere else until it is committed inside a submission.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/strings.hpp"

namespace ow {

enum class ScreenId { Attract, Matters, Form, Submitting, Receipt };
std::string_view screen_name(ScreenId screen);

using SteadyTime = std::chrono::steady_clock::time_point;

struct IdlePolicy {
  std::chrono::seconds timeout{90};   // total idle time before the session ends
  std::chrono::seconds countdown{10}; // the last part of it, shown as a countdown
};

struct SessionData {
  std::string matter_code;
  std::map<std::string, std::string> form;  // field key → value (personal data)
  std::map<std::string, Str> field_errors;  // field key → what is wrong
  bool submit_failed = false;
  std::string submission_id;
  std::string receipt_no;
};

class Session {
 public:
  explicit Session(IdlePolicy policy) : policy_(policy) {}

  ScreenId screen() const { return screen_; }
  void go(ScreenId next, SteadyTime now);
  void activity(SteadyTime now) { last_activity_ = now; }

  // Seconds left while the countdown shows; nothing before it starts or where no timeout applies.
  std::optional<int> countdown_left(SteadyTime now) const;
  bool idle_expired(SteadyTime now) const;
  // When the countdown starts showing (only meaningful where a timeout applies).
  SteadyTime countdown_start() const { return last_activity_ + policy_.timeout - policy_.countdown; }
  bool timeout_applies() const;

  // Wipes every personal value and returns to the attract screen.
  void end();

  SessionData& data() { return data_; }
  const SessionData& data() const { return data_; }

 private:
  IdlePolicy policy_;
  ScreenId screen_ = ScreenId::Attract;
  SteadyTime last_activity_{};
  SessionData data_;
};

}  // namespace ow
