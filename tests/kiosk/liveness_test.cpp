// Liveness: the judge on observation sequences (blink, turns, a still face, a swapped or second
// face, time-outs), and the observer on real frames — the test portrait as it is (a still photo
// held up) and the same portrait with its eyes shut (tests/assets/face: a blink).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kiosk/capture/liveness.hpp"

using namespace ow::capture;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

ImageView view_of(const cv::Mat& m) { return ImageView{m.data, m.cols, m.rows, m.channels(), m.step[0]}; }

LivenessObservation open_face(float x = 200, double dark = 0.08) {
  LivenessObservation o;
  o.faces = 1;
  o.face = FaceBox{x, 120, 220, 220};
  o.eyes = 2;
  o.eye_dark = dark;
  return o;
}
LivenessObservation shut_face(float x = 200) {
  LivenessObservation o = open_face(x, 0.01);
  o.eyes = 0;
  return o;
}
LivenessObservation turned(bool left) {
  LivenessObservation o;
  (left ? o.turned_left : o.turned_right) = FaceBox{215, 125, 200, 200};
  return o;
}

struct Run {
  LivenessJudge judge;
  Clock::time_point t;
  explicit Run(LivenessChallenge c, Clock::time_point start = Clock::now()) : judge(c, start), t(start) {}
  LivenessState add(const LivenessObservation& o, int times = 1) {
    for (int i = 0; i < times; ++i) judge.add(o, t += 100ms);
    return judge.state();
  }
};

// A test portrait in a 640 x 480 camera frame, as the kiosk's camera gives it.
cv::Mat portrait_frame(const char* file = "astronaut_face.jpg") {
  const cv::Mat full = cv::imread(std::string(OW_TEST_DATA_DIR) + "/../assets/face/" + file);
  REQUIRE_FALSE(full.empty());
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(128, 128, 128));
  cv::Mat scaled;
  cv::resize(full, scaled, cv::Size(640, 360), 0, 0, cv::INTER_AREA);
  scaled.copyTo(frame(cv::Rect(0, 60, 640, 360)));
  return frame;
}

}  // namespace

TEST_CASE("the challenge is one of the three, each drawn about a third of the time, named as the platform names it") {
  std::map<LivenessChallenge, int> drawn;
  for (int i = 0; i < 600; ++i) ++drawn[random_challenge()];
  for (auto c : {LivenessChallenge::Blink, LivenessChallenge::TurnLeft, LivenessChallenge::TurnRight}) {
    CHECK(drawn[c] > 120);
    CHECK(drawn[c] < 280);
  }
  CHECK(to_string(LivenessChallenge::Blink) == "blink");
  CHECK(to_string(LivenessChallenge::TurnLeft) == "turn_left");
  CHECK(to_string(LivenessChallenge::TurnRight) == "turn_right");
}

TEST_CASE("blink: a still face fails after 10 s; open, shut, open passes; shut eyes may lose the face for a moment") {
  SUBCASE("a still face never passes") {
    Run r(LivenessChallenge::Blink);
    CHECK(r.judge.prompt() == LivenessPrompt::LookAtCamera);
    CHECK(r.add(open_face(), 3) == LivenessState::Running);
    CHECK(r.judge.prompt() == LivenessPrompt::Blink);
    CHECK(r.add(open_face(), 96) == LivenessState::Running);
    CHECK(r.add(open_face(), 2) == LivenessState::Failed);
    CHECK(r.add(shut_face()) == LivenessState::Failed);  // too late: stays failed
  }
  SUBCASE("a blink passes") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(), 4);
    CHECK(r.add(shut_face(), 2) == LivenessState::Running);
    CHECK(r.add(open_face()) == LivenessState::Passed);
  }
  SUBCASE("the face is not found while the eyes are shut") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(), 4);
    r.add(shut_face());
    CHECK(r.add(LivenessObservation{}, 3) == LivenessState::Running);
    CHECK(r.add(open_face()) == LivenessState::Passed);
  }
  SUBCASE("eyes found but much less dark than open: shut") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(200, 0.10), 4);
    LivenessObservation lids = open_face(200, 0.03);
    lids.eyes = 1;  // the eye detector also finds some shut eyes
    r.add(lids);
    CHECK(r.add(open_face(200, 0.10)) == LivenessState::Passed);
  }
  SUBCASE("eyes shut before any open look do not count") {
    Run r(LivenessChallenge::Blink);
    r.add(shut_face(), 3);
    CHECK(r.add(open_face()) == LivenessState::Running);
  }
  SUBCASE("eyes covered for 2 s is no blink: start again") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(), 4);
    r.add(shut_face(), 20);
    CHECK(r.add(open_face()) == LivenessState::Running);
    CHECK(r.judge.prompt() == LivenessPrompt::LookAtCamera);
    r.add(open_face(), 3);
    r.add(shut_face());
    CHECK(r.add(open_face()) == LivenessState::Passed);
  }
}

TEST_CASE("blink: another face swapped in, a second person, or the face gone for long start the challenge again") {
  SUBCASE("a shut-eyed face elsewhere (a second photo) does not finish the blink") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(100), 4);
    r.add(shut_face(400));
    CHECK(r.add(open_face(100)) == LivenessState::Running);
  }
  SUBCASE("two faces") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(), 4);
    LivenessObservation two = open_face();
    two.faces = 2;
    two.face.reset();
    r.add(two);
    CHECK(r.judge.prompt() == LivenessPrompt::OnlyOnePerson);
    r.add(shut_face());
    CHECK(r.add(open_face()) == LivenessState::Running);
  }
  SUBCASE("no face for more than a second") {
    Run r(LivenessChallenge::Blink);
    r.add(open_face(), 4);
    r.add(LivenessObservation{}, 12);
    CHECK(r.judge.prompt() == LivenessPrompt::LookAtCamera);
    CHECK_FALSE(r.judge.last_face());
  }
  SUBCASE("no frames at all: tick times out") {
    const auto start = Clock::now();
    LivenessJudge j(LivenessChallenge::Blink, start);
    CHECK(j.tick(start + 9900ms) == LivenessState::Running);
    CHECK(j.tick(start + 10s) == LivenessState::Failed);
  }
}

TEST_CASE("turns: the asked way after a straight look passes; the other way, or turned from the start, does not") {
  SUBCASE("left") {
    Run r(LivenessChallenge::TurnLeft);
    r.add(open_face(), 3);
    CHECK(r.judge.prompt() == LivenessPrompt::TurnLeft);
    CHECK(r.add(turned(false), 5) == LivenessState::Running);
    CHECK(r.add(turned(true)) == LivenessState::Running);
    CHECK(r.add(turned(true)) == LivenessState::Passed);
  }
  SUBCASE("right") {
    Run r(LivenessChallenge::TurnRight);
    r.add(open_face(), 3);
    CHECK(r.judge.prompt() == LivenessPrompt::TurnRight);
    CHECK(r.add(turned(true), 5) == LivenessState::Running);
    CHECK(r.add(turned(false), 2) == LivenessState::Passed);
  }
  SUBCASE("a profile photo held up from the start") {
    Run r(LivenessChallenge::TurnLeft);
    CHECK(r.add(turned(true), 20) == LivenessState::Running);
  }
  SUBCASE("a turned face far from where the face was") {
    Run r(LivenessChallenge::TurnLeft);
    r.add(open_face(0), 3);
    LivenessObservation far;
    far.turned_left = FaceBox{420, 125, 200, 200};
    CHECK(r.add(far, 3) == LivenessState::Running);
  }
}

TEST_CASE("the observer on the test portrait: one face with open eyes; a still photo fails every challenge") {
  auto observer = LivenessObserver::create();
  REQUIRE(observer);
  const cv::Mat frame = portrait_frame();
  const LivenessObservation o = (*observer)->observe(view_of(frame), std::nullopt, true);
  CHECK(o.faces == 1);
  REQUIRE(o.face);
  CHECK(o.eyes >= 1);
  CHECK(o.eye_dark > 0);
  for (auto c : {LivenessChallenge::Blink, LivenessChallenge::TurnLeft, LivenessChallenge::TurnRight}) {
    Run r(c);
    // A photo held still for the whole 10 s, observed as the worker would.
    for (int i = 0; i < 101 && r.judge.state() == LivenessState::Running; ++i)
      r.judge.add((*observer)->observe(view_of(frame), r.judge.last_face(), c != LivenessChallenge::Blink), r.t += 100ms);
    CHECK_MESSAGE(r.judge.state() == LivenessState::Failed, to_string(c));
  }
}

TEST_CASE("the observer on the portrait blinking: eyes found, not found, found passes the blink") {
  auto observer = LivenessObserver::create();
  REQUIRE(observer);
  const cv::Mat open = portrait_frame();
  const LivenessObservation o = (*observer)->observe(view_of(open), std::nullopt, false);
  REQUIRE(o.face);
  const cv::Mat shut = portrait_frame("astronaut_face_eyes_shut.jpg");
  const LivenessObservation s = (*observer)->observe(view_of(shut), o.face, false);
  CHECK((s.eyes == 0 || s.eye_dark < 0.5 * o.eye_dark));

  Run r(LivenessChallenge::Blink);
  const cv::Mat* frames[] = {&open, &open, &open, &open, &shut, &shut, &open};
  for (const cv::Mat* f : frames) r.judge.add((*observer)->observe(view_of(*f), r.judge.last_face(), false), r.t += 100ms);
  CHECK(r.judge.state() == LivenessState::Passed);
}

TEST_CASE("the observer: no cascades, a clear message; an empty or tiny frame shows nothing") {
  auto missing = LivenessObserver::create("/nonexistent");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("opencv-data") != std::string::npos);
  auto observer = LivenessObserver::create();
  REQUIRE(observer);
  CHECK((*observer)->observe(ImageView{}, std::nullopt, true).faces == 0);
  const cv::Mat tiny(20, 20, CV_8UC3, cv::Scalar(90, 90, 90));
  CHECK_FALSE((*observer)->observe(view_of(tiny), std::nullopt, true).face);
}
