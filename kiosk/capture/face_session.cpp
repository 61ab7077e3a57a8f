// The face session's thread: check the newest preview frame, track how long the face has been
// good and still, and take the photo from that same frame.
#include "kiosk/capture/face_session.hpp"

#include <sodium.h>

#include <algorithm>
#include <cmath>

#include "base/thread_guard.hpp"
#include "drivers/camera/image_codec.hpp"
#include "kiosk/capture/image_view.hpp"

namespace ow::capture {

namespace {
bool online(const drivers::camera::Camera& camera) {
  const auto s = camera.state();
  return s != drivers::DeviceState::Offline && s != drivers::DeviceState::NoDevice;
}
}  // namespace

FacePhoto& FacePhoto::operator=(FacePhoto&& other) noexcept {
  if (this == &other) return *this;
  zero_pixels();
  jpeg = std::move(other.jpeg);
  pixels = std::move(other.pixels);
  return *this;
}

void FacePhoto::zero_pixels() noexcept {
  if (!pixels) return;
  if (!pixels->pixels.empty()) sodium_memzero(pixels->pixels.data(), pixels->pixels.size());
  if (!pixels->rgba.empty()) sodium_memzero(pixels->rgba.data(), pixels->rgba.size());
  pixels.reset();
}

Result<std::unique_ptr<FaceSession>> FaceSession::start(drivers::camera::Camera& camera, FaceSessionOptions options,
                                                        std::function<void()> wake) {
  auto checker = FaceChecker::create(FaceChecker::kDefaultCascade, options.thresholds);
  if (!checker) return tl::unexpected(checker.error());
  return std::unique_ptr<FaceSession>(new FaceSession(camera, options, std::move(wake), std::move(*checker)));
}

FaceSession::FaceSession(drivers::camera::Camera& camera, FaceSessionOptions options, std::function<void()> wake,
                         std::unique_ptr<FaceChecker> checker)
    : camera_(camera), options_(options), wake_(std::move(wake)), checker_(std::move(checker)),
      overlay_(std::make_shared<const FaceOverlay>()) {
  thread_ = std::thread([this] { guarded("face capture", [this] { run(); }); });
}

FaceSession::~FaceSession() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const FaceOverlay> FaceSession::overlay() const {
  std::lock_guard lock(mutex_);
  return overlay_;
}

void FaceSession::capture_now() {
  std::lock_guard lock(mutex_);
  capture_requested_ = true;
}

void FaceSession::retake() {
  {
    std::lock_guard lock(mutex_);
    photo_.reset();
    capture_requested_ = false;
    auto o = std::make_shared<FaceOverlay>(*overlay_);
    o->taken = false;
    o->steady = 0;
    overlay_ = std::move(o);
  }
  cv_.notify_all();
  if (wake_) wake_();
}

std::shared_ptr<const drivers::camera::Frame> FaceSession::photo_preview() const {
  std::lock_guard lock(mutex_);
  return photo_ ? photo_->pixels : nullptr;
}

std::optional<FacePhoto> FaceSession::take_photo() {
  std::optional<FacePhoto> out;
  {
    std::lock_guard lock(mutex_);
    out.swap(photo_);
    auto o = std::make_shared<FaceOverlay>(*overlay_);
    o->taken = false;
    o->steady = 0;
    overlay_ = std::move(o);
  }
  cv_.notify_all();
  return out;
}

void FaceSession::publish(const FaceOverlay& o) {
  {
    std::lock_guard lock(mutex_);
    overlay_ = std::make_shared<const FaceOverlay>(o);
  }
  if (wake_) wake_();
}

void FaceSession::run() {
  bool was_online = online(camera_);
  while (true) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, options_.analyse_every, [&] { return stopping_; });
      if (stopping_) return;
      // A photo waits for the citizen: nothing more is checked or taken until then.
      if (photo_) continue;
    }
    const bool is_online = online(camera_);
    if (is_online != was_online) {
      was_online = is_online;
      FaceOverlay o = *overlay();
      o.camera_online = is_online;
      publish(o);
    }
    const auto frame = camera_.latest();
    if (!frame || frame->empty() || frame->sequence == last_sequence_) continue;
    last_sequence_ = frame->sequence;
    analyse(*frame);
  }
}

void FaceSession::analyse(const drivers::camera::Frame& frame) {
  const ImageView view = ImageView::of(frame);
  const FaceCheck check = checker_->check(view);
  const auto now = std::chrono::steady_clock::now();
  const auto w = static_cast<float>(frame.width), h = static_cast<float>(frame.height);
  FaceOverlay o;
  o.frame_sequence = frame.sequence;
  o.reason = check.reason;
  o.camera_online = online(camera_);
  if (check.face) o.face = FaceBox{check.face->x / w, check.face->y / h, check.face->width / w, check.face->height / h};
  if (check.reason == FaceReason::Ok && o.face) {
    // In pixels, measured against the frame height.
    const float cx = check.face->x + check.face->width / 2, cy = check.face->y + check.face->height / 2;
    const double moved = std::hypot(cx - anchor_x_, cy - anchor_y_) / h;
    if (!anchored_ || moved > options_.steady_tolerance) {
      anchored_ = true;
      anchor_x_ = cx;
      anchor_y_ = cy;
      since_ = now;
    }
    const double held = std::chrono::duration<double>(now - since_).count();
    o.steady = std::clamp(held / std::chrono::duration<double>(options_.steady_for).count(), 0.0, 1.0);
  } else {
    anchored_ = false;
  }
  bool shoot = false;
  {
    std::lock_guard lock(mutex_);
    shoot = (capture_requested_ || (options_.auto_capture && o.steady >= 1.0)) && check.reason == FaceReason::Ok;
    if (check.reason == FaceReason::Ok) capture_requested_ = false;
  }
  if (shoot) {
    auto jpeg = checker_->photo(view, check, options_.max_bytes);
    if (jpeg) {
      FacePhoto p;
      p.jpeg = std::move(*jpeg);
      // The picture shown is decoded from the bytes submitted: what the citizen approves is what is sent.
      cv::Mat shown = drivers::camera::decode_image({p.jpeg.jpeg.data(), p.jpeg.jpeg.size()});
      if (!shown.empty() && shown.isContinuous()) {
        auto f = std::make_shared<drivers::camera::Frame>();
        f->width = shown.cols;
        f->height = shown.rows;
        f->channels = 3;
        f->pixels.assign(shown.data, shown.data + shown.total() * shown.elemSize());
        f->sequence = ++photos_;
        f->captured = now;
        p.pixels = std::move(f);
        std::fill(shown.data, shown.data + shown.total() * shown.elemSize(), std::uint8_t{0});
        anchored_ = false;
        o.taken = true;
        o.steady = 0;
        std::lock_guard lock(mutex_);
        photo_ = std::move(p);
      }
    }
  }
  publish(o);
}

}  // namespace ow::capture
