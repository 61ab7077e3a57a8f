// The capture session's thread: analyse the newest preview frame ~10 times a second, track
// steadiness, and take a still when the page is ready.
#include "kiosk/capture/document_session.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "base/thread_guard.hpp"
#include "kiosk/capture/cv_util.hpp"

namespace ow::capture {

namespace {

// A 24x32 grey miniature of the page, to notice when the citizen has turned to the next page.
std::vector<std::uint8_t> thumbnail(const drivers::camera::Frame& frame, const PageDetection& d) {
  const cv::Mat img = cvu::wrap(ImageView::of(frame));
  if (img.empty() || !d.found) return {};
  std::vector<cv::Point2f> src;
  for (const auto& c : d.corners) src.emplace_back(c.x, c.y);
  const std::vector<cv::Point2f> dst = {{0, 0}, {24, 0}, {24, 32}, {0, 32}};
  cv::Mat small;
  cv::warpPerspective(cvu::to_gray(img), small, cv::getPerspectiveTransform(src, dst), cv::Size(24, 32), cv::INTER_AREA);
  cv::normalize(small, small, 0, 255, cv::NORM_MINMAX);
  return {small.datastart, small.dataend};
}

double difference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  if (a.size() != b.size() || a.empty()) return 255;
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
  return sum / static_cast<double>(a.size());
}

}  // namespace

double SteadinessTracker::update(const PageDetection& d, SteadyClock::time_point now) {
  if (!d.found || d.reason != DocReason::Ok) {
    anchored_ = false;
    return 0;
  }
  const double diag = std::hypot(static_cast<double>(d.image_width), static_cast<double>(d.image_height));
  double moved = 0;
  for (std::size_t i = 0; i < 4 && anchored_; ++i)
    moved = std::max(moved, static_cast<double>(std::hypot(d.corners[i].x - anchor_[i].x, d.corners[i].y - anchor_[i].y)));
  if (!anchored_ || moved > tolerance_ * diag) {
    anchored_ = true;
    anchor_ = d.corners;
    since_ = now;
  }
  const double held = std::chrono::duration<double, std::milli>(now - since_).count();
  return std::clamp(held / std::max<double>(1, static_cast<double>(hold_.count())), 0.0, 1.0);
}

DocumentSession::DocumentSession(drivers::camera::Camera& camera, SessionOptions options, std::function<void()> wake)
    : camera_(camera),
      options_(std::move(options)),
      wake_(std::move(wake)),
      auto_capture_(options_.auto_capture),
      tracker_(options_.steady_for, options_.steady_tolerance) {
  overlay_.store(std::make_shared<const DocumentOverlay>(current_));
  thread_ = std::thread([this] { guarded("document capture", [this] { run(); }); });
}

DocumentSession::~DocumentSession() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DocumentSession::capture_now() {
  {
    std::lock_guard lock(mutex_);
    capture_requested_ = true;
  }
  cv_.notify_all();
}

std::size_t DocumentSession::page_count() const {
  std::lock_guard lock(mutex_);
  return pages_.size();
}

std::vector<PageImage> DocumentSession::pages() const {
  std::lock_guard lock(mutex_);
  std::vector<PageImage> copies;  // each a clone: personal, and wiping itself
  copies.reserve(pages_.size());
  for (const auto& p : pages_) copies.push_back(PageImage{p.jpeg.clone(), p.width, p.height, p.quality, p.gray});
  return copies;
}

std::vector<PageImage> DocumentSession::take_pages() {
  std::lock_guard lock(mutex_);
  return std::exchange(pages_, {});
}

void DocumentSession::remove_page(std::size_t index) {
  std::lock_guard lock(mutex_);
  if (index < pages_.size()) pages_.erase(pages_.begin() + static_cast<long>(index));
}

void DocumentSession::publish() {
  current_.pages = page_count();
  overlay_.store(std::make_shared<const DocumentOverlay>(current_), std::memory_order_release);
  if (wake_) wake_();
}

void DocumentSession::run() {
  while (true) {
    bool manual = false;
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, options_.analyse_every, [&] { return stopping_ || capture_requested_; });
      if (stopping_) return;
      manual = std::exchange(capture_requested_, false);
    }
    const auto frame = camera_.latest();
    const bool online = camera_.state() != drivers::DeviceState::Offline && camera_.state() != drivers::DeviceState::NoDevice;
    if (online != current_.camera_online) {
      current_.camera_online = online;
      publish();
    }
    if (frame && frame->sequence != last_sequence_) {
      last_sequence_ = frame->sequence;
      analyse(*frame);
    }
    const bool full = page_count() >= options_.max_pages;
    const bool ready = auto_capture_ && current_.steady >= 1.0 && !current_.waiting_for_next_page;
    if (!full && (manual || ready)) take_still();
  }
}

void DocumentSession::analyse(const drivers::camera::Frame& frame) {
  const PageDetection d = detect_page(ImageView::of(frame), options_.quality);
  thumb_ = d.found ? thumbnail(frame, d) : std::vector<std::uint8_t>{};
  // After a page is taken, wait until it is removed or a different page lies there.
  if (current_.waiting_for_next_page && (!d.found || difference(thumb_, last_taken_thumb_) > 28)) current_.waiting_for_next_page = false;
  current_.frame_sequence = frame.sequence;
  current_.found = d.found;
  current_.reason = d.reason;
  if (d.found)
    for (std::size_t i = 0; i < 4; ++i)
      current_.outline[i] = Point{d.corners[i].x / static_cast<float>(frame.width), d.corners[i].y / static_cast<float>(frame.height)};
  current_.steady = current_.waiting_for_next_page ? 0.0 : tracker_.update(d, SteadyClock::now());
  publish();
}

void DocumentSession::take_still() {
  current_.capturing = true;
  publish();
  auto still = camera_.still(options_.still_timeout);
  tl::expected<PageImage, DocReason> page = tl::unexpected(DocReason::BadImage);
  if (still) page = capture_page(ImageView::of(*still), options_.page, options_.quality);
  current_.capturing = false;
  if (page) {
    {
      std::lock_guard lock(mutex_);
      pages_.push_back(std::move(*page));
    }
    current_.last_failure.reset();
    current_.waiting_for_next_page = true;
    current_.steady = 0;
    last_taken_thumb_ = thumb_;
    tracker_.reset();
  } else {
    current_.last_failure = page.error();
    tracker_.reset();
  }
  publish();
}

}  // namespace ow::capture
