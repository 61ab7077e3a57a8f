// Camera: the capture thread, the latest-frame handoff and still capture. The sources (V4L2 device,
// video file, image, image folder) are in camera_source.cpp behind the small Source interface.
#include "drivers/camera/camera.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "base/thread_guard.hpp"
#include "drivers/camera/camera_source.hpp"

namespace ow::drivers::camera {

using Clock = std::chrono::steady_clock;

struct Camera::Impl {
  CameraConfig config;
  std::unique_ptr<Source> source;  // touched only by the capture thread after start

  std::atomic<std::shared_ptr<const Frame>> latest{};
  std::shared_ptr<Frame> spare;  // a frame no reader holds any more, reused to avoid a 6 MB allocation per frame
  std::uint64_t sequence = 0;

  mutable std::mutex mutex;  // guards what follows; never held while capturing
  std::condition_variable cv;
  bool stopping = false;
  bool still_wanted = false;
  std::uint64_t still_ticket = 0, still_done_ticket = 0;
  std::optional<DeviceResult<Frame>> still_result;
  DeviceState state = DeviceState::Offline;
  DeviceCounters counters;
  std::thread thread;

  void run();
  void publish(const cv::Mat& image);
  void set_state(DeviceState s, const std::string& error = {}) {
    std::lock_guard lock(mutex);
    state = s;
    if (!error.empty()) {
      ++counters.errors;
      counters.last_error = error;
    }
  }
  // Waits until `deadline`, a still request or stop; true when stopping.
  bool wait_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex);
    cv.wait_until(lock, deadline, [&] { return stopping || still_wanted; });
    return stopping;
  }
  void serve_still();
};

void Camera::Impl::publish(const cv::Mat& image) {
  const cv::Mat bgr = to_preview(image, config);
  std::shared_ptr<Frame> frame = spare ? std::move(spare) : std::make_shared<Frame>();
  frame->width = bgr.cols;
  frame->height = bgr.rows;
  frame->channels = bgr.channels();
  frame->pixels.resize(frame->row_bytes() * static_cast<std::size_t>(bgr.rows));
  cv::Mat packed(bgr.rows, bgr.cols, bgr.type(), frame->pixels.data());
  bgr.copyTo(packed);
  // The texture's pixels are made here, not on the UI thread, which then only uploads them.
  const auto t0 = Clock::now();
  frame->rgba.resize(static_cast<std::size_t>(bgr.cols) * static_cast<std::size_t>(bgr.rows) * 4);
  cv::Mat rgba(bgr.rows, bgr.cols, CV_8UC4, frame->rgba.data());
  cv::cvtColor(bgr, rgba, bgr.channels() == 1 ? cv::COLOR_GRAY2RGBA : cv::COLOR_BGR2RGBA);
  frame->rgba_cost = Clock::now() - t0;
  frame->sequence = ++sequence;
  frame->captured = Clock::now();
  std::shared_ptr<const Frame> old = latest.exchange(std::move(frame));
  // Out of the atomic, a count of one means no reader holds it: safe to overwrite next time.
  if (old && old.use_count() == 1) spare = std::const_pointer_cast<Frame>(std::move(old));
  std::lock_guard lock(mutex);
  ++counters.operations;
}

void Camera::Impl::serve_still() {
  std::uint64_t ticket;
  {
    std::lock_guard lock(mutex);
    if (!still_wanted) return;
    still_wanted = false;
    ticket = still_ticket;
  }
  DeviceResult<Frame> result = device_error(DeviceErrorCode::NoDevice, "camera is not connected");
  if (source) {
    cv::Mat image;
    if (source->still(image) && !image.empty()) {
      result = to_frame(image, ++sequence);
    } else {
      result = device_error(DeviceErrorCode::Io, "camera returned no still frame");
    }
  }
  std::lock_guard lock(mutex);
  if (!result) {
    ++counters.errors;
    counters.last_error = result.error().message;
  }
  still_result = std::move(result);
  still_done_ticket = ticket;
  cv.notify_all();
}

void Camera::Impl::run() {
  auto next = Clock::now();
  int failures = 0;
  while (true) {
    {
      std::lock_guard lock(mutex);
      if (stopping) break;
    }
    serve_still();
    if (!source) {
      auto reopened = open_source(config);
      if (reopened) {
        source = std::move(*reopened);
        set_state(DeviceState::Online);
        failures = 0;
      } else if (wait_until(Clock::now() + std::chrono::seconds(1))) {
        break;
      }
      continue;
    }
    cv::Mat image;
    if (!source->read(image) || image.empty()) {
      // A device that stops delivering was unplugged or hung: drop it and reopen.
      if (++failures >= 3) {
        source.reset();
        set_state(DeviceState::Offline, "camera stopped delivering frames");
      }
      if (wait_until(Clock::now() + std::chrono::milliseconds(200))) break;
      continue;
    }
    failures = 0;
    publish(image);
    if (source->paced()) {
      next += std::chrono::microseconds(1'000'000 / std::max(1, config.fps));
      const auto now = Clock::now();
      if (next < now) next = now;
      if (wait_until(next)) break;
    }
  }
  source.reset();
  std::lock_guard lock(mutex);
  still_result = device_error(DeviceErrorCode::NoDevice, "camera closed");
  still_done_ticket = still_ticket;
  cv.notify_all();
}

DeviceResult<std::unique_ptr<Camera>> Camera::open(CameraConfig config) {
  auto impl = std::make_unique<Impl>();
  auto resolved = resolve_source(config);
  if (!resolved) return tl::unexpected(resolved.error());
  config.source = std::move(*resolved);
  if (config.width <= 0 || config.height <= 0 || config.fps <= 0 || config.frame_repeat <= 0)
    return device_error(DeviceErrorCode::Unsupported, "camera size, fps and frame_repeat must be positive");
  impl->config = std::move(config);
  auto source = open_source(impl->config);
  if (!source) return tl::unexpected(source.error());
  impl->source = std::move(*source);
  impl->state = DeviceState::Online;
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { guarded("camera", [raw] { raw->run(); }); });
  return std::unique_ptr<Camera>(new Camera(std::move(impl)));
}

DeviceResult<void> Camera::probe(const CameraConfig& config) {
  auto resolved = resolve_source(config);
  if (!resolved) return tl::unexpected(resolved.error());
  return source_present(*resolved);
}

Camera::Camera(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Camera::~Camera() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::shared_ptr<const Frame> Camera::latest() const { return impl_->latest.load(std::memory_order_acquire); }

DeviceResult<Frame> Camera::still(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  if (impl_->stopping) return device_error(DeviceErrorCode::NoDevice, "camera closed");
  const std::uint64_t ticket = ++impl_->still_ticket;
  impl_->still_wanted = true;
  impl_->state = DeviceState::Busy;
  impl_->cv.notify_all();
  const bool done = impl_->cv.wait_for(lock, timeout, [&] { return impl_->still_done_ticket >= ticket; });
  if (impl_->state == DeviceState::Busy) impl_->state = impl_->source ? DeviceState::Online : DeviceState::Offline;
  if (!done) {
    ++impl_->counters.errors;
    impl_->counters.last_error = "still capture timed out";
    return device_error(DeviceErrorCode::Timeout, "still capture timed out");
  }
  auto result = std::move(*impl_->still_result);
  impl_->still_result.reset();
  return result;
}

DeviceState Camera::state() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->state;
}

DeviceCounters Camera::counters() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->counters;
}

HealthResult Camera::health(HealthLevel level) {
  const DeviceState s = state();
  if (level == HealthLevel::Internal)
    return HealthResult{s == DeviceState::Online || s == DeviceState::Busy, "camera " + impl_->config.source + " is " + std::string(to_string(s))};
  const auto before = latest();
  const std::uint64_t seq = before ? before->sequence : 0;
  const auto deadline = Clock::now() + std::chrono::seconds(1);
  while (Clock::now() < deadline) {
    const auto now = latest();
    if (now && now->sequence > seq)
      return HealthResult{true, "camera delivers " + std::to_string(now->width) + "x" + std::to_string(now->height) + " frames"};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return HealthResult{false, "camera delivered no frame within 1 s"};
}

const CameraConfig& Camera::config() const { return impl_->config; }

}  // namespace ow::drivers::camera
