#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "kiosk/session/screen_flow.hpp"
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

TEST_CASE("the screen flow table refuses a move it does not list") {
  Session s(IdlePolicy{90s, 10s}, Language::Chinese);
  // Every row names its own screen and an owner; the attract screen is reachable from anywhere.
  for (int i = 0; i < kScreenCount; ++i) {
    const auto screen = static_cast<ScreenId>(i);
    CHECK(screen_rule(screen).screen == screen);
    CHECK(transition_allowed(screen, ScreenId::Attract));
  }
  CHECK(transition_allowed(ScreenId::Attract, ScreenId::Consent));
  CHECK_FALSE(transition_allowed(ScreenId::Attract, ScreenId::Form));
  CHECK_FALSE(transition_allowed(ScreenId::Receipt, ScreenId::Review));
  // Session::go stays where it is (and a test build stops there, so a wrong move cannot hide): run
  // in a child process.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const bool moved = s.go(ScreenId::Form, SteadyTime{});
    std::_Exit(moved || s.screen() != ScreenId::Attract ? 1 : 0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
#if defined(OW_THREAD_CHECKS) || !defined(NDEBUG)
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
#else
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
#endif
  CHECK(s.screen() == ScreenId::Attract);
}
