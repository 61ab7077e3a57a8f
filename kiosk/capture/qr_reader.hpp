#pragma once
// Reads QR codes from a live camera: decodes the newest preview frame on its own thread a few
// times a second and queues each payload it finds, while the UI shows the latest frame. The UI
// thread never waits for decoding. Payloads are untrusted and may be credentials: validate them
// (classify_qr, validate_qr_credential) and never log them; the queue is wiped when taken or dropped.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/camera/camera.hpp"

namespace ow::capture {

struct QrReaderOptions {
  std::chrono::milliseconds decode_every{150};
  // The same code held in view is reported once; again only after it was out of view this long.
  std::chrono::milliseconds repeat_after{3000};
  std::size_t max_queued = 8;  // older payloads are dropped (wiped) beyond this
};

class QrReader {
 public:
  // `wake` is called from the reader's thread when a payload is queued or the camera's state
  // changes. The camera must outlive the reader.
  QrReader(drivers::camera::Camera& camera, QrReaderOptions options = {}, std::function<void()> wake = {});
  ~QrReader();  // stops and joins the thread, wipes what is queued
  QrReader(const QrReader&) = delete;
  QrReader& operator=(const QrReader&) = delete;

  // The latest preview frame, for the UI to draw (null before the first one).
  std::shared_ptr<const drivers::camera::Frame> preview() const { return camera_.latest(); }
  bool camera_online() const;
  // The payloads decoded since the last call, oldest first.
  std::vector<std::string> take_payloads();
  // Frames decoded so far (tests and the technician's camera check).
  std::uint64_t frames_decoded() const;

 private:
  void run();

  drivers::camera::Camera& camera_;
  QrReaderOptions options_;
  std::function<void()> wake_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::string> queue_;
  std::uint64_t decoded_ = 0;
  std::thread thread_;
};

}  // namespace ow::capture
