// The keyboard-wedge detector: fast bursts ending in Enter are scans, everything else is typing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kiosk/wedge_detector.hpp"

using namespace ow;
using Millis = std::chrono::milliseconds;

namespace {

// Types `s` one character at a time starting at `t`, `gap` apart; collects what comes out.
void type(WedgeDetector& d, const std::string& s, Millis& t, Millis gap, std::vector<WedgeEvent>& out) {
  for (char c : s) {
    for (auto& e : d.flush(t)) out.push_back(std::move(e));
    for (auto& e : d.text(std::string(1, c), t)) out.push_back(std::move(e));
    t += gap;
  }
}

std::string typed_text(const std::vector<WedgeEvent>& events) {
  std::string s;
  for (const auto& e : events)
    if (const auto* typed = std::get_if<wedge::Typed>(&e)) s += typed->text.view();
  return s;
}

int count_enters(const std::vector<WedgeEvent>& events) {
  int n = 0;
  for (const auto& e : events) n += std::holds_alternative<wedge::Enter>(e);
  return n;
}

const std::string kCode = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";

}  // namespace

TEST_CASE("a fast burst ending in Enter is a scan, and nothing of it is typed") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{1000};
  type(d, kCode, t, Millis(4), out);
  CHECK(out.empty());  // held while it may be a scan
  REQUIRE(d.deadline());
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  REQUIRE(out.size() == 1);
  REQUIRE(std::holds_alternative<wedge::Scan>(out[0]));
  CHECK(std::get<wedge::Scan>(out[0]).text == kCode);
  CHECK_FALSE(d.deadline());
}

TEST_CASE("a person typing passes through unchanged, Enter included") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{1000};
  type(d, "zhangsan 123456", t, Millis(140), out);
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  CHECK(typed_text(out) == "zhangsan 123456");
  CHECK(count_enters(out) == 1);
  for (const auto& e : out) CHECK_FALSE(std::holds_alternative<wedge::Scan>(e));
}

TEST_CASE("held characters are released as typing once the burst pauses") {
  WedgeDetector d;
  Millis t{500};
  CHECK(d.text("a", t).empty());
  CHECK(d.flush(t + Millis(10)).empty());  // still within the gap
  const auto due = d.deadline();
  REQUIRE(due);
  const auto out = d.flush(*due);
  REQUIRE(out.size() == 1);
  CHECK(std::get<wedge::Typed>(out[0]).text == "a");
  CHECK_FALSE(d.deadline());
}

TEST_CASE("a short fast burst with Enter is typing: a few keys mashed together are not a scan") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{0};
  type(d, "12345", t, Millis(5), out);
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  CHECK(typed_text(out) == "12345");
  CHECK(count_enters(out) == 1);
}

TEST_CASE("a fast burst without Enter, or with Enter after a pause, is typing") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{0};
  type(d, kCode, t, Millis(3), out);
  t += Millis(500);  // Enter long after the burst
  for (auto& e : d.flush(t)) out.push_back(std::move(e));
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  CHECK(typed_text(out) == kCode);
  CHECK(count_enters(out) == 1);
}

TEST_CASE("typing followed straight away by a scan: the typing passes, the scan is recognised") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{0};
  type(d, "ab", t, Millis(200), out);
  t += Millis(150);
  type(d, kCode, t, Millis(2), out);
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  CHECK(typed_text(out) == "ab");
  REQUIRE_FALSE(out.empty());
  REQUIRE(std::holds_alternative<wedge::Scan>(out.back()));
  CHECK(std::get<wedge::Scan>(out.back()).text == kCode);
}

TEST_CASE("one slow character in the middle breaks the burst: both halves are typing") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{0};
  type(d, "ABCDEFGH", t, Millis(3), out);
  t += Millis(120);
  type(d, "IJKLMNOP", t, Millis(3), out);
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  // The second half alone is a fast burst of 8 ending in Enter: a scan.
  CHECK(typed_text(out) == "ABCDEFGH");
  REQUIRE(std::holds_alternative<wedge::Scan>(out.back()));
  CHECK(std::get<wedge::Scan>(out.back()).text == "IJKLMNOP");
}

TEST_CASE("an overlong burst is reported as too long, never typed, and memory stays bounded") {
  WedgeOptions o;
  o.max_length = 64;
  WedgeDetector d(o);
  std::vector<WedgeEvent> out;
  Millis t{0};
  type(d, std::string(200, 'x'), t, Millis(1), out);
  for (auto& e : d.enter(t)) out.push_back(std::move(e));
  REQUIRE(out.size() == 1);
  REQUIRE(std::holds_alternative<wedge::ScanTooLong>(out[0]));
  CHECK(std::get<wedge::ScanTooLong>(out[0]).bytes == 200);
  CHECK(typed_text(out).empty());
}

TEST_CASE("multi-byte characters from an input method pass through whole") {
  WedgeDetector d;
  std::vector<WedgeEvent> out;
  Millis t{0};
  for (auto& e : d.text("张三", t)) out.push_back(std::move(e));
  for (auto& e : d.flush(t + Millis(100))) out.push_back(std::move(e));
  CHECK(typed_text(out) == "张三");
  d.text("x", t + Millis(200));
  d.clear();
  CHECK_FALSE(d.deadline());
  CHECK(d.flush(t + Millis(1000)).empty());
}
