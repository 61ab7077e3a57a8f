// AppCore, the applicant's photo for a matter that checks the face: after the separate consent the
// face camera's live picture guides the citizen until the photo is taken (automatically when the
// face is good and still), the citizen uses or retakes it, and it goes into the submission as the
// FACE_PHOTO attachment. Only picture quality is checked here; the platform verifies identity.
#include "kiosk/app_core.hpp"
#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/log.hpp"

namespace ow {

namespace {
// Shown on the staff-window notice when the photo cannot be taken here.
void send_to_staff(Session& session, SteadyTime now) {
  // Nothing of this session is needed at the window: wipe it before saying where to go.
  session.end();
  session.data().notice = Notice{Str::FaceNoCameraTitle, Str::FaceNoCameraBody, false};
  session.go(ScreenId::Notice, now);
}
}  // namespace

std::optional<catalog::Problem> face_photo_problem(const catalog::Matter& matter, bool has_photo) {
  if (!matter.face_verification || has_photo) return std::nullopt;
  return catalog::Problem{catalog::ProblemKind::MaterialMissing, matter.code, {}, kFacePhotoMaterial, Str::PrereviewFaceMissing, {}, true};
}

void AppCore::enter_face_capture(SteadyTime now, bool from_prereview) {
  stop_face_capture();
  if (config_.face_camera.source.empty()) {
    log::info("face", "no face camera configured; sent to a staff window");
    send_to_staff(session_, now);
    return;
  }
  drivers::camera::CameraConfig cc;
  cc.source = config_.face_camera.source;
  cc.width = config_.face_camera.width;
  cc.height = config_.face_camera.height;
  cc.fps = config_.face_camera.fps;
  cc.frame_repeat = config_.face_camera.frame_repeat;
  auto camera = drivers::camera::Camera::open(cc);
  if (!camera) {
    log::warn("face", "face camera: " + camera.error().message + "; sent to a staff window");
    send_to_staff(session_, now);
    return;
  }
  face_camera_ = std::move(*camera);
  auto session = capture::FaceSession::start(*face_camera_, capture::FaceSessionOptions{}, [this] {
    if (wake_) wake_();
  });
  if (!session) {
    log::warn("face", session.error().message + "; sent to a staff window");
    face_camera_.reset();
    send_to_staff(session_, now);
    return;
  }
  face_ = std::move(*session);
  session_.data().face_from_prereview = from_prereview;
  session_.go(ScreenId::FaceCapture, now);
}

void AppCore::stop_face_capture() {
  // A photo not used dies with the face session; the camera stops streaming.
  face_.reset();
  face_camera_.reset();
}

void AppCore::face_back(SteadyTime now) {
  stop_face_capture();
  auto& d = session_.data();
  if (d.face_from_prereview) {
    run_prereview();
    session_.go(ScreenId::Prereview, now);
  } else {
    session_.go(ScreenId::FaceConsent, now);
  }
}

void AppCore::dispatch_face(const Intent& intent, SteadyTime now) {
  if (screen() != ScreenId::FaceCapture || !face_) return;
  if (std::holds_alternative<intent::FaceShutter>(intent)) {
    face_->capture_now();
  } else if (std::holds_alternative<intent::FaceRetake>(intent)) {
    face_->retake();
  } else if (std::holds_alternative<intent::FaceUsePhoto>(intent)) {
    auto photo = face_->take_photo();
    if (!photo) return;
    auto& d = session_.data();
    capture::wipe_face_photo(d.face_photo);
    d.face_photo = std::move(*photo);
    log::info("face", "photo taken for the application");
    stop_face_capture();
    if (d.face_from_prereview) {
      run_prereview();
      session_.go(ScreenId::Prereview, now);
    } else {
      session_.go(ScreenId::Form, now);
    }
  }
}

void AppCore::add_face_prereview_problem() {
  const catalog::Matter* m = current_matter();
  auto& pr = session_.data().prereview;
  if (!m || !pr) return;
  auto p = face_photo_problem(*m, !session_.data().face_photo.jpeg.jpeg.empty());
  if (!p) return;
  pr->problems.insert(pr->problems.begin(), std::move(*p));
  pr->passed = false;
  pr->instant_approval = false;
}

FaceCaptureView AppCore::face_capture_view() const {
  FaceCaptureView v;
  if (const catalog::Matter* m = current_matter()) v.matter_name = m->name;
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
