#pragma once
// The applicant's photo for a matter that checks the face: after the separate consent the face
// camera's live picture guides the citizen until the photo is taken (automatically when the face is
// good and still), the citizen uses or retakes it, and it goes into the submission as the
// FACE_PHOTO attachment. Only picture quality is checked here; the platform verifies identity.
// For a matter that needs a verified identity (实人核验) the same step runs a liveness challenge
// first and sends the photo to the platform (POST /v1/identity/verify); a match's reference goes
// with the submission, three failed attempts send the citizen to a staff window.
#include <memory>
#include <optional>
#include <string>

#include "kiosk/app/context.hpp"
#include "kiosk/capture/face_session.hpp"
#include "kiosk/face/intents.hpp"
#include "kiosk/identity/face_verify.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class ApplicationController;
class ReviewController;

// The material code the applicant's photo is submitted under (matters with face_verification).
inline constexpr const char* kFacePhotoMaterial = "FACE_PHOTO";
// The pre-review's problem for a matter that checks the face but has no photo yet; its 去修改
// (FixMaterial{kFacePhotoMaterial}) opens the photo step. None when nothing is missing.
std::optional<catalog::Problem> face_photo_problem(const catalog::Matter& matter, bool has_photo);

struct FaceConsentView {
  std::string matter_name;
  int retention_days = 7;
  bool verify_only = false;  // 实人核验 alone: the photo is compared, not kept with the application
};

// Live picture with the face box and a line of guidance, then the photo taken to use or retake.
struct FaceCaptureView {
  std::string matter_name;
  std::shared_ptr<const drivers::camera::Frame> preview;
  std::shared_ptr<const capture::FaceOverlay> overlay;
  std::shared_ptr<const drivers::camera::Frame> photo;  // taken, waiting for use / retake
  Str guidance = Str::CaptureFaceNone;
  bool camera_ok = false;
  bool can_shoot = false;  // the face is good: 拍照 is enabled
  // 实人核验: the challenge's prompt while it runs, a challenge that failed (再试一次), seconds left,
  // the platform checking the photo, and what the last attempt's answer asks of the citizen.
  bool verify = false;
  std::optional<Str> liveness_prompt;
  bool liveness_failed = false;
  int seconds_left = 0;
  bool verifying = false;
  std::optional<Str> problem;
  int tries_left = 0;
};

inline constexpr int kVerifyAttempts = 3;  // failed matches before the citizen is sent to staff

class FaceController {
 public:
  FaceController(AppContext& ctx, ApplicationController& application, ReviewController& review);

  void handle(const intent::FaceAgree&, SteadyTime now);
  void handle(const intent::FaceDecline&, SteadyTime now);
  void handle(const intent::FaceShutter&, SteadyTime now);
  void handle(const intent::FaceRetake&, SteadyTime now);
  void handle(const intent::FaceUsePhoto&, SteadyTime now);
  void handle(const intent::FaceRetryLiveness&, SteadyTime now);
  void handle(const intent::Back&, SteadyTime now);  // on the consent and the photo screens

  // Opens the face camera and shows the photo step, or sends the citizen to a staff window without
  // one. `from_prereview`: 去修改 opened it, and using the photo returns to the pre-review.
  void enter_capture(SteadyTime now, bool from_prereview);
  void on_screen(ScreenId screen);
  bool previewing() const { return face_ != nullptr; }

  FaceConsentView face_consent_view() const;
  FaceCaptureView face_capture_view() const;
  // The liveness prompt or the attempt's outcome when it changed since last asked: spoken in
  // elderly mode, since the citizen watches the camera, not the words.
  std::optional<std::string> take_changed_prompt();

 private:
  void stop_capture();
  void send_to_staff(SteadyTime now);
  void back_to_journey(SteadyTime now);  // the pre-review or the form, where the photo step was opened from
  bool verifying_identity() const;  // this matter needs 实人核验 and the session has none yet
  void verify(capture::FacePhoto photo, SteadyTime now);
  void on_verdict(VerifyResult result, SteadyTime now);
  void fail_to_staff(Str title, Str body, SteadyTime now);

  AppContext& ctx_;
  ApplicationController& application_;
  ReviewController& review_;
  std::unique_ptr<drivers::camera::Camera> camera_;  // open only while the photo is taken
  std::unique_ptr<capture::FaceSession> face_;
  std::uint64_t requests_ = 0;
  std::string spoken_;  // the words last handed out by take_changed_prompt()
  capture::LivenessChallenge challenge_ = capture::LivenessChallenge::Blink;  // the one now asked for
};

}  // namespace ow
