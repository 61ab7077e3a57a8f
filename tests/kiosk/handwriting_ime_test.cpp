// The handwriting recogniser with Debian's real Simplified Chinese model: simple characters drawn as
// straight synthetic strokes are found among the first candidates; no ink gives none; a missing model
// is an error value, not a crash; choosing and clearing leave no strokes behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>

#include "kiosk/ime/handwriting_ime.hpp"
#include "tests/temp_dir.hpp"

using namespace ow;

namespace {
constexpr const char* kModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

std::unique_ptr<HandwritingIme> open_ime() {
  auto ime = HandwritingIme::open(kModel);
  REQUIRE_MESSAGE(ime, ime.error().message);
  return std::move(*ime);
}

// Strokes from points in hundredths of the pad, as a person writes them: top to bottom, left to right.
InkStrokes ink(std::initializer_list<std::initializer_list<std::pair<int, int>>> strokes) {
  InkStrokes out;
  for (const auto& s : strokes) {
    InkStroke stroke;
    for (const auto& [x, y] : s) stroke.push_back({static_cast<float>(x) / 100, static_cast<float>(y) / 100});
    out.push_back(std::move(stroke));
  }
  return out;
}

// Where `want` is among the candidates (their count when it is missing).
std::size_t rank(const std::vector<std::string>& candidates, const std::string& want) {
  return static_cast<std::size_t>(std::find(candidates.begin(), candidates.end(), want) - candidates.begin());
}
}  // namespace

TEST_CASE("simple characters from synthetic strokes are among the first candidates") {
  auto ime = open_ime();
  struct Case {
    const char* want;
    InkStrokes strokes;
    std::size_t within;
  };
  const Case cases[] = {
      {"一", ink({{{10, 50}, {50, 50}, {90, 50}}}), 1},
      {"二", ink({{{25, 30}, {75, 30}}, {{10, 70}, {90, 70}}}), 1},
      {"三", ink({{{25, 20}, {75, 20}}, {{30, 50}, {70, 50}}, {{10, 80}, {90, 80}}}), 1},
      {"十", ink({{{10, 45}, {90, 45}}, {{50, 10}, {50, 90}}}), 1},
      {"人", ink({{{50, 10}, {40, 50}, {10, 90}}, {{45, 45}, {70, 70}, {90, 90}}}), 8},
      {"口", ink({{{20, 20}, {20, 80}}, {{20, 20}, {80, 20}, {80, 80}}, {{20, 80}, {80, 80}}}), 3},
  };
  for (const Case& c : cases) {
    const auto candidates = ime->classify(c.strokes);
    CAPTURE(c.want);
    std::string seen;
    for (const auto& s : candidates) seen += s + " ";
    INFO("candidates: " << seen);
    CHECK(candidates.size() <= HandwritingIme::kMaxCandidates);
    CHECK(rank(candidates, c.want) < c.within);
  }
}

TEST_CASE("no ink gives no candidates") {
  auto ime = open_ime();
  CHECK(ime->classify({}).empty());
  CHECK(ime->classify(ink({{}, {}})).empty());
  ime->end_stroke();  // a lift without a touch
  CHECK_FALSE(ime->writing());
  CHECK(ime->candidates().empty());
  CHECK_FALSE(ime->choose(0));
}

TEST_CASE("a missing or broken model is an error value that names the file") {
  auto missing = HandwritingIme::open("/nonexistent/handwriting-zh_CN.model");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("/nonexistent/handwriting-zh_CN.model") != std::string::npos);
  const TempDir dir("handwriting-model");
  const auto junk = dir.path / "junk.model";
  std::ofstream(junk) << "not a zinnia model";
  CHECK_FALSE(HandwritingIme::open(junk));
}

TEST_CASE("writing stroke by stroke updates the candidates; a pick, undo and clear take the strokes away") {
  auto ime = open_ime();
  for (float x : {0.1f, 0.5f, 0.9f}) ime->add_point({x, 0.45f});
  CHECK(ime->candidates().empty());  // recognised when the finger lifts
  ime->end_stroke();
  REQUIRE_FALSE(ime->candidates().empty());
  CHECK(ime->candidates().front() == "一");
  for (float y : {0.1f, 0.5f, 0.9f}) ime->add_point({0.5f, y});
  ime->end_stroke();
  CHECK(ime->strokes().size() == 2);
  CHECK(ime->candidates().front() == "十");
  ime->undo_stroke();
  CHECK(ime->strokes().size() == 1);
  CHECK(ime->candidates().front() == "一");
  const auto picked = ime->choose(0);
  REQUIRE(picked);
  CHECK(*picked == "一");
  CHECK_FALSE(ime->writing());
  CHECK(ime->candidates().empty());

  ime->add_point({-1.0f, 2.0f});  // off the pad: clamped to its corner
  CHECK(ime->strokes().front().front().x == 0.0f);
  CHECK(ime->strokes().front().front().y == 1.0f);
  ime->end_stroke();
  ime->clear();
  CHECK_FALSE(ime->writing());
  CHECK(ime->candidates().empty());
}

TEST_CASE("after release() the model opens again at the next stroke") {
  auto ime = open_ime();
  ime->release();
  for (float x : {0.1f, 0.5f, 0.9f}) ime->add_point({x, 0.45f});
  ime->end_stroke();
  REQUIRE_FALSE(ime->candidates().empty());
  CHECK(ime->candidates().front() == "一");
  ime->clear();
  ime->release();
  CHECK(ime->classify({}).empty());  // no ink: nothing to open the model for
}
