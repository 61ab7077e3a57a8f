// The liveness judge (pure) and its observer (OpenCV Haar cascades from Debian's opencv-data).
#include "kiosk/capture/liveness.hpp"

#include <sodium.h>

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "kiosk/capture/cv_util.hpp"

namespace ow::capture {

namespace {

constexpr int kSteadyFrames = 3;                       // an open-eyed face looking at the camera first
constexpr int kTurnedFrames = 2;                       // then turned the asked way in a row
constexpr std::chrono::milliseconds kMaxShut{1500};    // a blink is short; longer is a covered face
constexpr std::chrono::milliseconds kMaxLost{1000};    // gone longer than this: start again
constexpr double kShutDark = 0.5;                      // eye band this much less dark than open: shut

double centre_distance(const FaceBox& a, const FaceBox& b) {
  return std::hypot((a.x + a.width / 2) - (b.x + b.width / 2), (a.y + a.height / 2) - (b.y + b.height / 2));
}

}  // namespace

std::string_view to_string(LivenessChallenge c) {
  switch (c) {
    case LivenessChallenge::Blink: return "blink";
    case LivenessChallenge::TurnLeft: return "turn_left";
    case LivenessChallenge::TurnRight: return "turn_right";
  }
  return "blink";
}

LivenessChallenge random_challenge(std::span<const LivenessChallenge> allowed) {
  if (allowed.empty()) allowed = kLivenessChallenges;
  return allowed[randombytes_uniform(static_cast<std::uint32_t>(allowed.size()))];
}

LivenessJudge::LivenessJudge(LivenessChallenge challenge, Clock::time_point start, std::chrono::milliseconds limit)
    : challenge_(challenge), deadline_(start + limit) {}

void LivenessJudge::restart() {
  phase_ = Phase::Settle;
  steady_frames_ = 0;
  open_dark_ = 0;
  turned_frames_ = 0;
  shut_since_.reset();
  lost_since_.reset();
  last_face_.reset();
}

bool LivenessJudge::eyes_open(const LivenessObservation& f) const {
  return f.eyes > 0 && (steady_frames_ == 0 || f.eye_dark >= kShutDark * open_dark_);
}

// The same face in about the same place: a photo swapped in at another distance or place is not.
bool LivenessJudge::near_last(const FaceBox& b) const {
  if (!last_face_) return true;
  const double ratio = b.height / std::max(1.0f, last_face_->height);
  return ratio > 0.65 && ratio < 1.55 && centre_distance(b, *last_face_) <= 0.6 * last_face_->width;
}

LivenessState LivenessJudge::tick(Clock::time_point now) {
  if (state_ == LivenessState::Running && now >= deadline_) state_ = LivenessState::Failed;
  return state_;
}

LivenessState LivenessJudge::add(const LivenessObservation& f, Clock::time_point now) {
  if (tick(now) != LivenessState::Running) return state_;
  crowd_ = f.faces > 1;
  if (crowd_) {
    restart();
    return state_;
  }
  const bool face = f.face && near_last(*f.face);
  if (f.face && !face) restart();  // another face, or the same one moved far: start again with it
  const bool present = f.face.has_value();

  if (challenge_ != LivenessChallenge::Blink && steady_frames_ >= kSteadyFrames) {
    const auto& turned = challenge_ == LivenessChallenge::TurnLeft ? f.turned_left : f.turned_right;
    if (turned && near_last(*turned)) {
      lost_since_.reset();
      if (++turned_frames_ >= kTurnedFrames) state_ = LivenessState::Passed;
      return state_;
    }
    turned_frames_ = 0;
  }

  if (!present) {
    // A face with shut eyes is often not found at all: part of a blink, not a loss.
    if (phase_ == Phase::EyesShut && shut_since_ && now - *shut_since_ <= kMaxShut) return state_;
    if (!lost_since_) lost_since_ = now;
    if (now - *lost_since_ > kMaxLost) restart();
    return state_;
  }
  lost_since_.reset();
  const bool open = eyes_open(f);
  if (phase_ == Phase::EyesShut) {
    if (open) {
      state_ = LivenessState::Passed;
      return state_;
    }
    if (now - *shut_since_ > kMaxShut) restart();
    return state_;
  }
  if (open) {
    open_dark_ = (open_dark_ * steady_frames_ + f.eye_dark) / (steady_frames_ + 1);
    ++steady_frames_;
    last_face_ = f.face;
  } else if (challenge_ == LivenessChallenge::Blink && steady_frames_ >= kSteadyFrames) {
    phase_ = Phase::EyesShut;
    shut_since_ = now;
  }
  return state_;
}

LivenessPrompt LivenessJudge::prompt() const {
  if (crowd_) return LivenessPrompt::OnlyOnePerson;
  if (steady_frames_ < kSteadyFrames || lost_since_) return LivenessPrompt::LookAtCamera;
  switch (challenge_) {
    case LivenessChallenge::Blink: return LivenessPrompt::Blink;
    case LivenessChallenge::TurnLeft: return LivenessPrompt::TurnLeft;
    case LivenessChallenge::TurnRight: return LivenessPrompt::TurnRight;
  }
  return LivenessPrompt::LookAtCamera;
}

struct LivenessObserver::Impl {
  cv::CascadeClassifier frontal, eyes, profile;
};

LivenessObserver::LivenessObserver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LivenessObserver::~LivenessObserver() = default;

Result<std::unique_ptr<LivenessObserver>> LivenessObserver::create(const std::filesystem::path& dir) {
  auto impl = std::make_unique<Impl>();
  const std::pair<cv::CascadeClassifier*, const char*> wanted[] = {{&impl->frontal, "haarcascade_frontalface_default.xml"},
                                                                   {&impl->eyes, "haarcascade_eye.xml"},
                                                                   {&impl->profile, "haarcascade_profileface.xml"}};
  for (const auto& [cascade, name] : wanted)
    if (!cvu::load_cascade(*cascade, dir / name))
      return fail("cannot load the detector " + (dir / name).string() + " (package opencv-data)");
  return std::unique_ptr<LivenessObserver>(new LivenessObserver(std::move(impl)));
}

namespace {

constexpr int kWorkWidth = 320;  // faces are found on a copy this wide
constexpr int kEyeBandWidth = 240;

cv::Rect largest(const std::vector<cv::Rect>& rects) {
  return *std::max_element(rects.begin(), rects.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
}

FaceBox box_of(const cv::Rect& r, double scale) {
  return FaceBox{static_cast<float>(r.x / scale), static_cast<float>(r.y / scale), static_cast<float>(r.width / scale),
                 static_cast<float>(r.height / scale)};
}

}  // namespace

LivenessObservation LivenessObserver::observe(const ImageView& view, const std::optional<FaceBox>& near, bool profiles) try {
  LivenessObservation out;
  const cv::Mat img = cvu::wrap(view);
  if (img.empty() || img.cols < 64 || img.rows < 64) return out;
  double scale = 1;
  const cv::Mat small = cvu::fit(img, kWorkWidth, scale);
  cv::Mat eq;
  cv::equalizeHist(cvu::to_gray(small), eq);
  const cv::Rect whole(0, 0, eq.cols, eq.rows);
  const int min_side = std::max(24, eq.rows / 6);

  // Once a face was seen, only sizes near its own are searched (the whole frame still, so a second
  // person is noticed): a few scales instead of all of them.
  std::optional<cv::Rect> last;
  if (near)
    last = cv::Rect(cvRound(near->x * scale), cvRound(near->y * scale), cvRound(near->width * scale), cvRound(near->height * scale));
  const cv::Size smallest = last ? cv::Size(last->width * 3 / 4, last->height * 3 / 4) : cv::Size(min_side, min_side);
  const cv::Size largest_size = last ? cv::Size(last->width * 4 / 3, last->height * 4 / 3) : cv::Size();
  std::vector<cv::Rect> found;
  impl_->frontal.detectMultiScale(eq, found, last ? 1.15 : 1.1, 4, 0, smallest, largest_size);
  out.faces = found.size();
  if (found.empty() && last) {
    // Near where it was, with fewer confirmations: shut eyes weaken the frontal detector.
    const cv::Rect roi = cv::Rect(last->x - last->width / 3, last->y - last->height / 3, last->width * 5 / 3, last->height * 5 / 3) & whole;
    if (roi.width > 24 && roi.height > 24) {
      std::vector<cv::Rect> again;
      const int side = std::max(20, last->width * 7 / 10);
      impl_->frontal.detectMultiScale(eq(roi), again, 1.08, 2, 0, cv::Size(side, side));
      if (!again.empty()) {
        found = {largest(again) + roi.tl()};
        out.faces = 1;
      }
    }
  }
  if (found.size() == 1) {
    const cv::Rect f = found.front();
    out.face = box_of(f, scale);
    // The eye band at full resolution, scaled to a fixed width so the eye detector sees the same size.
    const cv::Rect band_full = cv::Rect(cvRound(f.x / scale), cvRound((f.y + f.height * 0.22) / scale), cvRound(f.width / scale),
                                        cvRound(f.height * 0.33 / scale)) &
                               cv::Rect(0, 0, img.cols, img.rows);
    if (band_full.width >= 16 && band_full.height >= 8) {
      cv::Mat band;
      const double s = static_cast<double>(kEyeBandWidth) / band_full.width;
      cv::resize(cvu::to_gray(img(band_full)), band, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
      cv::equalizeHist(band, band);
      std::vector<cv::Rect> eyes;
      // An eye is a sixth to a third of the face's width: only those sizes are searched.
      impl_->eyes.detectMultiScale(band, eyes, 1.1, 3, 0, cv::Size(kEyeBandWidth / 6, kEyeBandWidth / 6),
                                   cv::Size(kEyeBandWidth / 3, kEyeBandWidth / 3));
      out.eyes = static_cast<int>(std::min<std::size_t>(2, eyes.size()));
      // Pupils and lashes are the darkest part of an open eye's band; shut lids are skin.
      const cv::Mat core = band(cv::Rect(0, band.rows / 4, band.cols, band.rows / 2));
      out.eye_dark = static_cast<double>(cv::countNonZero(core < 40)) / std::max(1, core.rows * core.cols);
    }
  }
  if (profiles) {
    // The profile detector finds faces turned to the image's left (the citizen's right); a mirror
    // image finds the other way. A turned head stays where the face was: only there, at its size.
    const cv::Rect area = last ? cv::Rect(last->x - last->width / 2, last->y - last->height / 3, last->width * 2, last->height * 5 / 3) & whole
                               : whole;
    const cv::Size from = last ? cv::Size(last->width * 3 / 5, last->height * 3 / 5) : cv::Size(min_side, min_side);
    const cv::Size to = last ? cv::Size(last->width * 3 / 2, last->height * 3 / 2) : cv::Size();
    std::vector<cv::Rect> right, left;
    const cv::Mat region = eq(area);
    impl_->profile.detectMultiScale(region, right, 1.1, 3, 0, from, to);
    cv::Mat mirrored;
    cv::flip(region, mirrored, 1);
    impl_->profile.detectMultiScale(mirrored, left, 1.1, 3, 0, from, to);
    if (!right.empty()) out.turned_right = box_of(largest(right) + area.tl(), scale);
    if (!left.empty()) {
      cv::Rect r = largest(left);
      r.x = region.cols - r.x - r.width;
      out.turned_left = box_of(r + area.tl(), scale);
    }
  }
  return out;
} catch (const cv::Exception&) {
  return {};
}

}  // namespace ow::capture
