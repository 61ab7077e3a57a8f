#include "kiosk/maintenance/camera_preview.hpp"
#include "base/thread_guard.hpp"

namespace ow::maintenance {

namespace {
// The face detector is slower than the page detector: a few looks a second are enough to aim by.
constexpr auto kFaceEvery = std::chrono::milliseconds(200);
}  // namespace

CameraPreview::CameraPreview(std::shared_ptr<drivers::camera::Camera> camera, PreviewKind kind, std::function<void()> wake)
    : camera_(std::move(camera)), kind_(kind), wake_(std::move(wake)) {
  if (kind_ == PreviewKind::Document) {
    capture::SessionOptions options;
    options.auto_capture = false;  // a technician's look at the camera takes no pages
    document_ = std::make_unique<capture::DocumentSession>(*camera_, options, wake_);
    return;
  }
  auto checker = capture::FaceChecker::create();
  if (!checker) {
    error_ = checker.error().message;
    return;
  }
  faces_ = std::move(*checker);
  thread_ = std::thread([this] { guarded("camera preview", [this] { run_face(); }); });
}

CameraPreview::~CameraPreview() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  document_.reset();
}

PreviewOverlay CameraPreview::overlay() const {
  if (document_) {
    PreviewOverlay o;
    if (auto d = document_->overlay()) {
      o.frame_sequence = d->frame_sequence;
      o.page_found = d->found;
      o.outline = d->outline;
      o.page_reason = d->reason;
    }
    return o;
  }
  std::lock_guard lock(mu_);
  return face_overlay_;
}

void CameraPreview::run_face() {
  std::uint64_t last = 0;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const auto frame = camera_->latest();
    if (frame && !frame->empty() && frame->sequence != last) {
      last = frame->sequence;
      const capture::FaceCheck check = faces_->check(capture::ImageView::of(*frame));
      PreviewOverlay o;
      o.frame_sequence = frame->sequence;
      o.face_reason = check.reason;
      o.faces = check.faces;
      if (check.face) {
        const auto w = static_cast<float>(frame->width), h = static_cast<float>(frame->height);
        o.face = capture::FaceBox{check.face->x / w, check.face->y / h, check.face->width / w, check.face->height / h};
      }
      {
        std::lock_guard publish(mu_);
        face_overlay_ = o;
      }
      if (wake_) wake_();
    }
    lock.lock();
    cv_.wait_for(lock, kFaceEvery, [this] { return stopping_; });
  }
}

}  // namespace ow::maintenance
