#pragma once
// A document capture session on a camera: analyses the live preview on its own thread, offers the
// UI the latest frame plus the page outline and what the citizen should do, and takes a page
// (a full-resolution still through the document pipeline) when the page has been steady and
// sharp for about a second, or when asked. The UI thread never waits for analysis or encoding.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "drivers/camera/camera.hpp"
#include "kiosk/capture/document.hpp"

namespace ow::capture {

using SteadyClock = std::chrono::steady_clock;

// Auto-capture timing: progress towards "steady long enough" while the page is good and its
// corners stay within `tolerance` (fraction of the frame diagonal) of where they settled.
class SteadinessTracker {
 public:
  SteadinessTracker(std::chrono::milliseconds hold, double tolerance) : hold_(hold), tolerance_(tolerance) {}
  // Returns 0..1; 1 means steady for the whole hold time.
  double update(const PageDetection& d, SteadyClock::time_point now);
  void reset() { anchored_ = false; }

 private:
  std::chrono::milliseconds hold_;
  double tolerance_;
  bool anchored_ = false;
  std::array<Point, 4> anchor_{};
  SteadyClock::time_point since_{};
};

struct SessionOptions {
  PageOptions page;
  QualityThresholds quality;
  bool auto_capture = true;
  std::chrono::milliseconds steady_for{1000};
  double steady_tolerance = 0.015;
  std::chrono::milliseconds analyse_every{100};
  std::chrono::milliseconds still_timeout{3000};
  std::size_t max_pages = 30;
};

// What the preview shows over the live picture.
struct DocumentOverlay {
  std::uint64_t frame_sequence = 0;   // the preview frame this was computed from
  bool found = false;
  std::array<Point, 4> outline{};     // page corners as fractions (0..1) of the preview frame
  DocReason reason = DocReason::PageNotFound;
  double steady = 0;                  // 0..1 towards auto-capture
  bool capturing = false;             // a still is being taken and processed
  bool waiting_for_next_page = false; // the page in view was just taken: turn or change it
  std::size_t pages = 0;
  std::optional<DocReason> last_failure;  // why the last capture attempt produced no page
  bool camera_online = true;
};

class DocumentSession {
 public:
  // `wake` is called from the session thread whenever the overlay or the pages change.
  DocumentSession(drivers::camera::Camera& camera, SessionOptions options, std::function<void()> wake = {});
  ~DocumentSession();  // stops and joins the analysis thread
  DocumentSession(const DocumentSession&) = delete;
  DocumentSession& operator=(const DocumentSession&) = delete;

  std::shared_ptr<const drivers::camera::Frame> preview() const { return camera_.latest(); }
  std::shared_ptr<const DocumentOverlay> overlay() const { return overlay_.load(std::memory_order_acquire); }
  // The shutter button: take the page in view now (the quality gates still apply).
  void capture_now();
  void set_auto_capture(bool on) { auto_capture_ = on; }

  std::size_t page_count() const;
  std::vector<PageImage> pages() const;
  // Hands the pages over (into the session's materials) and empties this session.
  std::vector<PageImage> take_pages();
  void remove_page(std::size_t index);

 private:
  void run();
  void analyse(const drivers::camera::Frame& frame);
  void take_still();
  void publish();

  drivers::camera::Camera& camera_;
  SessionOptions options_;
  std::function<void()> wake_;
  std::atomic<bool> auto_capture_;
  std::atomic<std::shared_ptr<const DocumentOverlay>> overlay_;

  // Analysis state: touched only by the session thread.
  SteadinessTracker tracker_;
  DocumentOverlay current_;
  std::vector<std::uint8_t> last_taken_thumb_, thumb_;
  std::uint64_t last_sequence_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool capture_requested_ = false;
  std::vector<PageImage> pages_;
  std::thread thread_;
};

}  // namespace ow::capture
