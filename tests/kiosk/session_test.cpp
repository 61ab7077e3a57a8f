#include <doctest/doctest.h>

#include "kiosk/session/session.hpp"

using namespace ow;
using namespace std::chrono_literals;

namespace {
// Walks the screen flow's allowed moves from the attract screen.
void walk(Session& s, std::initializer_list<ScreenId> screens, SteadyTime t) {
  for (ScreenId next : screens) REQUIRE(s.go(next, t));
}
}  // namespace

TEST_CASE("the countdown shows in the last seconds of the idle timeout, then the session is wiped") {
  Session s(IdlePolicy{90s, 10s}, Language::Chinese);
  const SteadyTime t0{};
  CHECK_FALSE(s.countdown_left(t0 + 1000s));  // attract: nothing to time out
  walk(s, {ScreenId::Consent, ScreenId::Home, ScreenId::Detail, ScreenId::Form}, t0);
  s.data().form["name"] = "张三";
  CHECK_FALSE(s.countdown_left(t0 + 79s));
  REQUIRE(s.countdown_left(t0 + 80s));
  CHECK(*s.countdown_left(t0 + 80s) == 10);
  CHECK(*s.countdown_left(t0 + 85500ms) == 5);
  CHECK_FALSE(s.idle_expired(t0 + 89s));
  s.activity(t0 + 89s);  // a touch during the countdown keeps everything
  CHECK_FALSE(s.countdown_left(t0 + 100s));
  CHECK(s.data().form.at("name") == "张三");
  CHECK(s.idle_expired(t0 + 179s));
  s.end();
  CHECK(s.screen() == ScreenId::Attract);
  CHECK(s.data().form.empty());
  CHECK(s.data().matter_code.empty());
}

TEST_CASE("no timeout while the submission is being committed") {
  Session s(IdlePolicy{90s, 10s}, Language::Chinese);
  walk(s, {ScreenId::Consent, ScreenId::Home, ScreenId::Detail, ScreenId::Form, ScreenId::Prereview, ScreenId::Review,
           ScreenId::Submitting},
       SteadyTime{});
  CHECK_FALSE(s.idle_expired(SteadyTime{} + 1000s));
}
