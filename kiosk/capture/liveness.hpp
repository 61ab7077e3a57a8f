#pragma once
// Liveness before 实人核验: the citizen is asked to blink, or to turn the head left or right (chosen at
// random), and the camera frames must show it happen to one face that stays in place. A printed
// photo or a phone screen held up shows a face that never blinks or turns, and times out. Judged with
// OpenCV's classical detectors from Debian's opencv-data (frontal face, eyes, profile face); the
// observer is heavy and belongs on a worker thread, the judge is pure and cheap.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "kiosk/capture/face.hpp"
#include "kiosk/capture/image_view.hpp"
#include "kiosk/capture/liveness_challenge.hpp"
#include "kiosk/result.hpp"

namespace ow::capture {

// What one frame shows. "Left" and "right" are the citizen's own: turning to their left shows the
// camera their right cheek, the nose pointing to the image's right (the camera image is not mirrored).
struct LivenessObservation {
  std::size_t faces = 0;         // frontal faces found
  std::optional<FaceBox> face;   // the one frontal face (also found leniently near the last one)
  int eyes = 0;                  // eyes found in the face's eye band
  double eye_dark = 0;           // share of dark pixels in the eye band (pupils, lashes), 0..1
  std::optional<FaceBox> turned_left, turned_right;  // a profile face turned that way
};

enum class LivenessState { Running, Passed, Failed };

// What the screen asks for now.
enum class LivenessPrompt {
  LookAtCamera,  // no face yet, or the face was lost: look at the camera
  OnlyOnePerson,
  Blink,
  TurnLeft,
  TurnRight,
};

class LivenessJudge {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kLimit{10000};

  LivenessJudge(LivenessChallenge challenge, Clock::time_point start, std::chrono::milliseconds limit = kLimit);

  LivenessState add(const LivenessObservation& frame, Clock::time_point now);
  // Also times out when frames stop coming.
  LivenessState tick(Clock::time_point now);

  LivenessChallenge challenge() const { return challenge_; }
  LivenessState state() const { return state_; }
  LivenessPrompt prompt() const;
  // Where the face was last seen looking at the camera: the observer searches near it.
  const std::optional<FaceBox>& last_face() const { return last_face_; }
  // Whether `box` is about where the face that took the challenge was (true when none was seen).
  bool same_face(const FaceBox& box) const { return near_last(box); }
  Clock::time_point deadline() const { return deadline_; }

 private:
  enum class Phase { Settle, EyesShut, Passed };
  void restart();
  bool eyes_open(const LivenessObservation& f) const;
  bool near_last(const FaceBox& b) const;

  LivenessChallenge challenge_;
  Clock::time_point deadline_;
  LivenessState state_ = LivenessState::Running;
  Phase phase_ = Phase::Settle;
  int steady_frames_ = 0;       // frames of one open-eyed face looking at the camera
  double open_dark_ = 0;        // mean eye_dark over those frames
  int turned_frames_ = 0;       // consecutive frames turned the asked way
  std::optional<Clock::time_point> shut_since_, lost_since_;
  std::optional<FaceBox> last_face_;
  bool crowd_ = false;
};

// Runs the detectors on one frame. Not thread-safe: one observer per worker thread.
class LivenessObserver {
 public:
  static constexpr const char* kCascadeDir = "/usr/share/opencv4/haarcascades";
  static Result<std::unique_ptr<LivenessObserver>> create(const std::filesystem::path& cascade_dir = kCascadeDir);
  ~LivenessObserver();
  LivenessObserver(const LivenessObserver&) = delete;
  LivenessObserver& operator=(const LivenessObserver&) = delete;

  // `near`: where the face was last seen, searched again more leniently when the plain search finds
  // none (a face with shut eyes is often missed); `profiles`: look for turned heads too (slower).
  LivenessObservation observe(const ImageView& image, const std::optional<FaceBox>& near, bool profiles);

 private:
  struct Impl;
  explicit LivenessObserver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::capture
