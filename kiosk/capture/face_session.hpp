#pragma once
// Taking the applicant's photo with the face camera: checks the newest preview frame a few times a
// second on its own thread, offers the UI the face box and what the citizen should do, and takes
// the photo when the face has been good and steady for about a second (or on the shutter, when
// the face is good). The photo waits for the citizen's "use it" or "retake". The UI thread never
// waits for detection or encoding. Only picture quality is checked: the platform verifies identity.
// For 实人核验 a liveness challenge comes first (kiosk/capture/liveness): no photo until the face in
// front of the camera has blinked or turned as asked, and the photo is of that same face.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "drivers/camera/camera.hpp"
#include "kiosk/capture/face.hpp"
#include "kiosk/capture/liveness.hpp"
#include "kiosk/result.hpp"

namespace ow::capture {

struct FaceSessionOptions {
  FaceThresholds thresholds;
  std::chrono::milliseconds analyse_every{200};
  std::chrono::milliseconds steady_for{1000};
  double steady_tolerance = 0.04;  // the face centre may move this much (fraction of the frame height)
  bool auto_capture = true;
  std::size_t max_bytes = 80 * 1024;
  // Set: the challenge to pass before the photo, judged on every frame taken
  // `liveness_every` apart (a blink lasts a few tenths of a second).
  std::optional<LivenessChallenge> liveness;
  std::chrono::milliseconds liveness_every{80};
};

// What the preview shows over the live picture.
struct FaceOverlay {
  std::uint64_t frame_sequence = 0;  // the preview frame this was computed from (0: none yet)
  std::optional<FaceBox> face;       // the one face, as fractions (0..1) of the frame
  FaceReason reason = FaceReason::NoFace;
  double steady = 0;                 // 0..1 towards auto-capture
  bool camera_online = true;
  bool taken = false;                // a photo waits for "use it" or "retake"
  // The liveness challenge, when there is one: what to ask for now, and how it stands. Passed
  // when there is none.
  LivenessPrompt liveness_prompt = LivenessPrompt::LookAtCamera;
  LivenessState liveness = LivenessState::Passed;
  int liveness_seconds_left = 0;
};

// The photo (personal data): the JPEG that is submitted, and the same picture decoded to show it.
// Move-only; when a photo is destroyed or replaced its pixels are zeroed in place, so a screen that
// still shares the frame shows black, and the JPEG zeroes itself (SecretBytes).
struct FacePhoto {
  PageImage jpeg;
  std::shared_ptr<drivers::camera::Frame> pixels;

  FacePhoto() = default;
  FacePhoto(FacePhoto&&) noexcept = default;
  FacePhoto& operator=(FacePhoto&& other) noexcept;
  FacePhoto(const FacePhoto&) = delete;
  FacePhoto& operator=(const FacePhoto&) = delete;
  ~FacePhoto() { zero_pixels(); }

 private:
  void zero_pixels() noexcept;
};

class FaceSession {
 public:
  // Fails when the face detector cannot be loaded (package opencv-data). `wake` is called from the
  // session thread whenever the overlay or the photo changes. The camera must outlive the session.
  static Result<std::unique_ptr<FaceSession>> start(drivers::camera::Camera& camera, FaceSessionOptions options,
                                                    std::function<void()> wake = {});
  ~FaceSession();  // stops and joins the thread, wipes a photo not handed over
  FaceSession(const FaceSession&) = delete;
  FaceSession& operator=(const FaceSession&) = delete;

  std::shared_ptr<const drivers::camera::Frame> preview() const { return camera_.latest(); }
  std::shared_ptr<const FaceOverlay> overlay() const;
  // The shutter: takes the photo at the next check that finds the face good.
  void capture_now();
  // Drops the photo taken and looks again.
  void retake();
  // The photo waiting for the citizen's decision, decoded (null when none).
  std::shared_ptr<const drivers::camera::Frame> photo_preview() const;
  // Hands the photo over (into the session) and looks again; nothing when no photo was taken.
  std::optional<FacePhoto> take_photo();
  // A new liveness challenge (after one failed or timed out, or a photo the platform did not
  // match): drops any photo and starts judging again from now.
  void restart_liveness(LivenessChallenge challenge);

 private:
  FaceSession(drivers::camera::Camera& camera, FaceSessionOptions options, std::function<void()> wake,
              std::unique_ptr<FaceChecker> checker, std::unique_ptr<LivenessObserver> observer);
  void run();
  void analyse(const drivers::camera::Frame& frame);
  // While the challenge runs: judges the frame and publishes the prompt; false when it has passed.
  bool judge_liveness(const drivers::camera::Frame& frame);
  void publish(const FaceOverlay& o);

  drivers::camera::Camera& camera_;
  FaceSessionOptions options_;
  std::function<void()> wake_;
  std::unique_ptr<FaceChecker> checker_;  // used only on the session thread
  std::unique_ptr<LivenessObserver> observer_;  // session thread; set when there is a challenge
  std::optional<LivenessJudge> judge_;          // session thread
  std::optional<LivenessChallenge> next_challenge_;  // guarded by mutex_: restart_liveness() asked

  // Steadiness: touched only by the session thread.
  bool anchored_ = false;
  float anchor_x_ = 0, anchor_y_ = 0;
  std::chrono::steady_clock::time_point since_{};
  std::uint64_t last_sequence_ = 0, photos_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool capture_requested_ = false;
  std::shared_ptr<const FaceOverlay> overlay_;
  std::optional<FacePhoto> photo_;
  std::thread thread_;
};

}  // namespace ow::capture
