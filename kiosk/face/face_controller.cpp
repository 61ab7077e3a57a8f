#include "kiosk/face/face_controller.hpp"

#include "kiosk/application/application_controller.hpp"
#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/log.hpp"
#include "kiosk/review/review_controller.hpp"

namespace ow {

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
  if (!ctx_.on(ScreenId::FaceCapture) || !face_) return;
  auto photo = face_->take_photo();
  if (!photo) return;
  ctx_.data().face_photo = std::move(*photo);
  log::info("face", "photo taken for the application");
  stop_capture();
  back_to_journey(now);
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
  auto session = capture::FaceSession::start(*camera_, capture::FaceSessionOptions{}, [this] { ctx_.wake(); });
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

FaceConsentView FaceController::face_consent_view() const {
  const catalog::Matter* m = application_.current_matter();
  return FaceConsentView{m ? m->name : std::string(), ctx_.config().platform.retention_days};
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
  if (v.overlay && v.overlay->frame_sequence > 0) {
    v.guidance = capture::message(v.overlay->reason);
    v.can_shoot = v.overlay->reason == capture::FaceReason::Ok && !v.photo;
    if (v.can_shoot) v.guidance = Str::FaceCaptureHold;
  }
  if (v.overlay && !v.overlay->camera_online) {
    v.camera_ok = false;
    v.can_shoot = false;
    v.guidance = Str::FaceCameraLost;
  }
  return v;
}

}  // namespace ow
