#include "kiosk/face/face_controller.hpp"

#include "kiosk/application/application_controller.hpp"
#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/log.hpp"
#include "kiosk/review/review_controller.hpp"
#include "kiosk/sync_setup.hpp"

namespace ow {

namespace {
// The verification service answers in a second or two; a citizen in front of the camera waits no longer than this.
constexpr auto kVerifyTimeout = std::chrono::seconds(15);

Str prompt_text(capture::LivenessPrompt p) {
  switch (p) {
    case capture::LivenessPrompt::LookAtCamera: return Str::LivenessLookAtCamera;
    case capture::LivenessPrompt::OnlyOnePerson: return Str::LivenessOnlyOne;
    case capture::LivenessPrompt::Blink: return Str::LivenessBlink;
    case capture::LivenessPrompt::TurnLeft: return Str::LivenessTurnLeft;
    case capture::LivenessPrompt::TurnRight: return Str::LivenessTurnRight;
  }
  return Str::LivenessLookAtCamera;
}
}  // namespace

std::optional<catalog::Problem> face_photo_problem(const catalog::Matter& matter, bool has_photo) {
  if (!matter.face_verification || has_photo) return std::nullopt;
  return catalog::Problem{catalog::ProblemKind::MaterialMissing, matter.code, {}, kFacePhotoMaterial, Str::PrereviewFaceMissing, {}, true};
}

FaceController::FaceController(AppContext& ctx, ApplicationController& application, ReviewController& review)
    : ctx_(ctx), application_(application), review_(review) {}

void FaceController::handle(const intent::FaceAgree&, SteadyTime now) {
  if (!ctx_.on(ScreenId::FaceConsent)) return;
  ctx_.data().face_consent = true;
  enter_capture(now, false);
}

void FaceController::handle(const intent::FaceDecline&, SteadyTime now) {
  if (!ctx_.on(ScreenId::FaceConsent)) return;
  // Nothing of this session is needed at the window: wipe it before saying where to go.
  log::info("session", "face check declined; sent to a staff window");
  ctx_.session().wipe_data();
  ctx_.data().notice = Notice{Str::FaceDeclinedTitle, Str::FaceDeclinedBody, false};
  ctx_.go(ScreenId::Notice, now);
}

void FaceController::handle(const intent::FaceShutter&, SteadyTime) {
  if (ctx_.on(ScreenId::FaceCapture) && face_) face_->capture_now();
}

void FaceController::handle(const intent::FaceRetake&, SteadyTime) {
  if (ctx_.on(ScreenId::FaceCapture) && face_) face_->retake();
}

void FaceController::handle(const intent::FaceUsePhoto&, SteadyTime now) {
  if (!ctx_.on(ScreenId::FaceCapture) || !face_ || ctx_.data().verify_request != 0) return;
  auto photo = face_->take_photo();
  if (!photo) return;
  if (verifying_identity()) {
    verify(std::move(*photo), now);
    return;
  }
  ctx_.data().face_photo = std::move(*photo);
  log::info("face", "photo taken for the application");
  stop_capture();
  back_to_journey(now);
}

void FaceController::handle(const intent::FaceRetryLiveness&, SteadyTime) {
  if (!ctx_.on(ScreenId::FaceCapture) || !face_ || ctx_.data().verify_request != 0) return;
  ctx_.data().verify_problem.reset();
  challenge_ = capture::random_challenge(ctx_.config().face_camera.liveness);
  face_->restart_liveness(challenge_);
}

bool FaceController::verifying_identity() const {
  const catalog::Matter* m = application_.current_matter();
  return m && m->identity == catalog::IdentityLevel::Verified && ctx_.data().verification.empty();
}

void FaceController::verify(capture::FacePhoto photo, SteadyTime now) {
  auto& d = ctx_.data();
  const Config& config = ctx_.config();
  if (config.platform.url.empty() || !ctx_.sync_status().online || !d.identity) {
    on_verdict(tl::unexpected(VerifyFailure::Offline), now);
    return;
  }
  d.verify_request = ++requests_;
  d.verify_problem.reset();
  auto endpoint = sync_config(config).platform;
  endpoint.request_timeout = kVerifyTimeout;
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, endpoint.request_timeout);
  // The photo the citizen approved. It stays only as the FACE_PHOTO material of a matter that
  // submits one; otherwise it goes when this request does.
  auto jpeg = std::make_shared<SecretString>(photo.jpeg.jpeg.view());
  const catalog::Matter* m = application_.current_matter();
  if (m && m->face_verification) d.face_photo = std::move(photo);
  ctx_.identity_worker().post([this, endpoint, jpeg, kiosk = config.kiosk_id, id_number = d.identity->id_number.clone(),
                               challenge = challenge_, request = d.verify_request]() mutable {
    auto result = verify_face(endpoint, VerifyRequest{kiosk, id_number.view(), challenge, jpeg->view(), {}});
    ctx_.post([this, result = std::move(result), request]() mutable {
      // The citizen left (cancel, timeout) while the platform answered: drop it.
      if (!ctx_.on(ScreenId::FaceCapture) || ctx_.data().verify_request != request) return;
      ctx_.data().verify_request = 0;
      on_verdict(std::move(result), std::chrono::steady_clock::now());
    });
  });
}

void FaceController::on_verdict(VerifyResult result, SteadyTime now) {
  auto& d = ctx_.data();
  if (result && result->match) {
    d.verification = result->reference;
    log::info("face", "identity verified");
    stop_capture();
    back_to_journey(now);
    return;
  }
  if (!result) {
    switch (result.error()) {
      case VerifyFailure::Offline:
        // Only this matter waits for the network: back to its detail, which says so, with the
        // session kept for any other matter.
        log::info("face", "identity not verified: the platform cannot be reached");
        stop_capture();
        d.face_photo = {};
        d.verify_unreachable = true;
        ctx_.go(ScreenId::Detail, now);
        return;
      case VerifyFailure::BadPhoto:
        // Not the citizen's failure: a new photo, the same challenge already passed.
        d.face_photo = {};
        d.verify_problem = Str::VerifyPhotoUnusable;
        if (face_) face_->retake();
        return;
      case VerifyFailure::Refused:
      case VerifyFailure::BadAnswer:
        log::warn("face", "identity not verified: " + std::string(to_string(result.error())));
        fail_to_staff(Str::VerifyStaffTitle, Str::VerifyStaffBody, now);
        return;
    }
  }
  d.face_photo = {};
  if (result->reason == MismatchReason::NoRecord) {
    log::info("face", "identity not verified: no photo on record; sent to a staff window");
    fail_to_staff(Str::VerifyStaffTitle, Str::VerifyStaffBody, now);
    return;
  }
  ++d.verify_failures;
  log::info("face", "identity not verified: attempt " + std::to_string(d.verify_failures) + " of " + std::to_string(kVerifyAttempts));
  if (d.verify_failures >= kVerifyAttempts) {
    fail_to_staff(Str::VerifyStaffTitle, Str::VerifyStaffBody, now);
    return;
  }
  d.verify_problem = Str::VerifyNoMatch;
  challenge_ = capture::random_challenge(ctx_.config().face_camera.liveness);
  if (face_) face_->restart_liveness(challenge_);
}

void FaceController::fail_to_staff(Str title, Str body, SteadyTime now) {
  stop_capture();
  // Nothing of this session is needed at the window: wipe it before saying where to go.
  ctx_.session().wipe_data();
  ctx_.data().notice = Notice{title, body, false, true};
  ctx_.go(ScreenId::Notice, now);
}

void FaceController::handle(const intent::Back&, SteadyTime now) {
  if (ctx_.on(ScreenId::FaceConsent)) {
    ctx_.go(ctx_.data().detail_code.empty() ? ScreenId::Home : ScreenId::Detail, now);
  } else if (ctx_.on(ScreenId::FaceCapture)) {
    stop_capture();
    if (ctx_.data().face_from_prereview) back_to_journey(now);
    else ctx_.go(ScreenId::FaceConsent, now);
  }
}

void FaceController::back_to_journey(SteadyTime now) {
  if (ctx_.data().face_from_prereview) {
    review_.prereview_and_go(now);
  } else {
    ctx_.go(ScreenId::Form, now);
  }
}

void FaceController::send_to_staff(SteadyTime now) {
  // Nothing of this session is needed at the window: wipe it before saying where to go.
  ctx_.session().wipe_data();
  ctx_.data().notice = Notice{Str::FaceNoCameraTitle, Str::FaceNoCameraBody, false};
  ctx_.go(ScreenId::Notice, now);
}

void FaceController::enter_capture(SteadyTime now, bool from_prereview) {
  stop_capture();
  ctx_.data().verify_request = 0;  // an answer to an earlier photo step is not for this one
  const FaceCameraConfig& c = ctx_.config().face_camera;
  if (c.source.empty()) {
    log::info("face", "no face camera configured; sent to a staff window");
    send_to_staff(now);
    return;
  }
  auto camera = drivers::camera::Camera::open(camera_config(c));
  if (!camera) {
    log::warn("face", "face camera: " + camera.error().message + "; sent to a staff window");
    send_to_staff(now);
    return;
  }
  camera_ = std::move(*camera);
  capture::FaceSessionOptions options;
  if (verifying_identity()) {
    challenge_ = capture::random_challenge(ctx_.config().face_camera.liveness);
    options.liveness = challenge_;
  }
  auto session = capture::FaceSession::start(*camera_, options, [this] { ctx_.wake(); });
  if (!session) {
    log::warn("face", session.error().message + "; sent to a staff window");
    camera_.reset();
    send_to_staff(now);
    return;
  }
  face_ = std::move(*session);
  ctx_.data().face_from_prereview = from_prereview;
  ctx_.go(ScreenId::FaceCapture, now);
}

void FaceController::on_screen(ScreenId screen) {
  if (screen != ScreenId::FaceCapture) stop_capture();
}

void FaceController::stop_capture() {
  // A photo not used dies with the face session; the camera stops streaming.
  face_.reset();
  camera_.reset();
}

std::optional<std::string> FaceController::take_changed_prompt() {
  if (!face_ || !ctx_.on(ScreenId::FaceCapture) || !verifying_identity()) {
    spoken_.clear();
    return std::nullopt;
  }
  const FaceCaptureView v = face_capture_view();
  std::string words;
  if (v.liveness_failed) words = tr(Str::LivenessFailed);
  else if (v.liveness_prompt) words = tr(*v.liveness_prompt);
  // A failed attempt is said first: the citizen hears why before being asked again.
  if (!words.empty() && v.problem)
    words = (*v.problem == Str::VerifyNoMatch ? trf(*v.problem, v.tries_left) : tr(*v.problem)) + words;
  if (words.empty() || words == spoken_) return std::nullopt;
  spoken_ = words;
  return words;
}

FaceConsentView FaceController::face_consent_view() const {
  const catalog::Matter* m = application_.current_matter();
  return FaceConsentView{m ? m->name : std::string(), ctx_.config().platform.retention_days,
                         m && !m->face_verification && verifying_identity()};
}

FaceCaptureView FaceController::face_capture_view() const {
  FaceCaptureView v;
  if (const catalog::Matter* m = application_.current_matter()) v.matter_name = m->name;
  if (!face_) {
    v.guidance = Str::FaceCameraLost;
    return v;
  }
  v.preview = face_->preview();
  v.overlay = face_->overlay();
  v.photo = face_->photo_preview();
  v.camera_ok = true;
  const auto& d = ctx_.data();
  v.verify = verifying_identity();
  v.verifying = d.verify_request != 0;
  v.problem = d.verify_problem;
  v.tries_left = kVerifyAttempts - d.verify_failures;
  if (v.overlay && v.overlay->liveness != capture::LivenessState::Passed) {
    v.liveness_failed = v.overlay->liveness == capture::LivenessState::Failed;
    if (!v.liveness_failed) v.liveness_prompt = prompt_text(v.overlay->liveness_prompt);
    v.seconds_left = v.overlay->liveness_seconds_left;
    v.guidance = v.liveness_failed ? Str::LivenessFailed : *v.liveness_prompt;
  } else if (v.overlay && v.overlay->frame_sequence > 0) {
    v.guidance = capture::message(v.overlay->reason);
    v.can_shoot = v.overlay->reason == capture::FaceReason::Ok && !v.photo;
    if (v.can_shoot) v.guidance = v.verify ? Str::LivenessPassed : Str::FaceCaptureHold;
  }
  if (v.overlay && !v.overlay->camera_online) {
    v.camera_ok = false;
    v.can_shoot = false;
    v.guidance = Str::FaceCameraLost;
  }
  return v;
}

}  // namespace ow
