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
  std::unique_ptr<LivenessObserver> observer;
  if (options.liveness) {
    auto created = LivenessObserver::create();
    if (!created) return tl::unexpected(created.error());
    observer = std::move(*created);
  }
  return std::unique_ptr<FaceSession>(
      new FaceSession(camera, options, std::move(wake), std::move(*checker), std::move(observer)));
}

FaceSession::FaceSession(drivers::camera::Camera& camera, FaceSessionOptions options, std::function<void()> wake,
                         std::unique_ptr<FaceChecker> checker, std::unique_ptr<LivenessObserver> observer)
    : camera_(camera), options_(options), wake_(std::move(wake)), checker_(std::move(checker)),
      observer_(std::move(observer)), overlay_(std::make_shared<const FaceOverlay>()) {
  if (options_.liveness) {
    next_challenge_ = options_.liveness;
    auto o = std::make_shared<FaceOverlay>();
    o->liveness = LivenessState::Running;
    overlay_ = std::move(o);
  }
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

void FaceSession::restart_liveness(LivenessChallenge challenge) {
  {
    std::lock_guard lock(mutex_);
    if (!observer_) return;
    photo_.reset();
    capture_requested_ = false;
    next_challenge_ = challenge;
    auto o = std::make_shared<FaceOverlay>(*overlay_);
    o->taken = false;
    o->steady = 0;
    o->liveness = LivenessState::Running;
    o->liveness_prompt = LivenessPrompt::LookAtCamera;
    overlay_ = std::move(o);
  }
  cv_.notify_all();
  if (wake_) wake_();
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
      const auto every = judge_ && judge_->state() == LivenessState::Running ? options_.liveness_every : options_.analyse_every;
      cv_.wait_for(lock, every, [&] { return stopping_; });
      if (stopping_) return;
      if (next_challenge_) {
        judge_.emplace(*next_challenge_, std::chrono::steady_clock::now());
        next_challenge_.reset();
      }
      // A photo waits for the citizen: nothing more is checked or taken until then.
      if (photo_) continue;
    }
    // A challenge that failed waits for restart_liveness(): the citizen chooses to try again.
    if (judge_ && judge_->tick(std::chrono::steady_clock::now()) == LivenessState::Failed) {
      if (FaceOverlay o = *overlay(); o.liveness != LivenessState::Failed) {
        o.liveness = LivenessState::Failed;
        o.face.reset();
        publish(o);
      }
      continue;
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

bool FaceSession::judge_liveness(const drivers::camera::Frame& frame) {
  if (!judge_ || judge_->state() == LivenessState::Passed) return false;
  const auto now = std::chrono::steady_clock::now();
  const bool turns = judge_->challenge() != LivenessChallenge::Blink;
  const LivenessObservation seen = observer_->observe(ImageView::of(frame), judge_->last_face(), turns);
  const LivenessState state = judge_->add(seen, now);
  const auto w = static_cast<float>(frame.width), h = static_cast<float>(frame.height);
  FaceOverlay o;
  o.frame_sequence = frame.sequence;
  o.camera_online = online(camera_);
  o.reason = seen.faces > 1 ? FaceReason::MultipleFaces : seen.face ? FaceReason::Ok : FaceReason::NoFace;
  if (seen.face) o.face = FaceBox{seen.face->x / w, seen.face->y / h, seen.face->width / w, seen.face->height / h};
  o.liveness = state;
  o.liveness_prompt = judge_->prompt();
  const auto left = judge_->deadline() - now;
  o.liveness_seconds_left = static_cast<int>(std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(left).count()));
  publish(o);
  return state != LivenessState::Passed;
}

void FaceSession::analyse(const drivers::camera::Frame& frame) {
  if (judge_liveness(frame)) return;
  const ImageView view = ImageView::of(frame);
  const FaceCheck check = checker_->check(view);
  const auto now = std::chrono::steady_clock::now();
  const auto w = static_cast<float>(frame.width), h = static_cast<float>(frame.height);
  FaceOverlay o;
  o.frame_sequence = frame.sequence;
  o.reason = check.reason;
  o.camera_online = online(camera_);
  if (check.face) o.face = FaceBox{check.face->x / w, check.face->y / h, check.face->width / w, check.face->height / h};
  if (judge_ && check.face && !judge_->same_face(*check.face)) {
    // Someone else, or a photo, moved in after the challenge was passed: the challenge again.
    judge_.emplace(judge_->challenge(), now);
    anchored_ = false;
    FaceOverlay again;
    again.frame_sequence = frame.sequence;
    again.liveness = LivenessState::Running;
    publish(again);
    return;
  }
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
