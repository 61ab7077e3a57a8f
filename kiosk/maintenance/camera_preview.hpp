#pragma once
// A camera's live picture on the technician's device page, with what the kiosk's capture
// pipelines see in it: the page outline for a document camera (a DocumentSession with
// auto-capture off, so nothing is taken or kept) or the face box for a face camera (FaceChecker
// on a thread of its own). The UI thread reads the newest frame and overlay and never waits.
#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/camera/camera.hpp"
#include "kiosk/capture/document_session.hpp"
#include "kiosk/capture/face.hpp"

namespace ow::maintenance {

enum class PreviewKind { Document, Face };

struct PreviewOverlay {
  std::uint64_t frame_sequence = 0;  // the frame this was computed from (0: none yet)
  // Document camera: the page found, as fractions (0..1) of the frame, and why it is not good yet.
  bool page_found = false;
  std::array<capture::Point, 4> outline{};
  capture::DocReason page_reason = capture::DocReason::PageNotFound;
  // Face camera: the one face, as fractions of the frame, and the verdict on it.
  std::optional<capture::FaceBox> face;
  capture::FaceReason face_reason = capture::FaceReason::NoFace;
  std::size_t faces = 0;
};

class CameraPreview {
 public:
  // `wake` is called from the analysis thread when the overlay changes. A face preview without
  // the face detector's model still shows the picture; error() says why there is no box.
  CameraPreview(std::shared_ptr<drivers::camera::Camera> camera, PreviewKind kind, std::function<void()> wake);
  ~CameraPreview();  // joins the analysis thread
  CameraPreview(const CameraPreview&) = delete;
  CameraPreview& operator=(const CameraPreview&) = delete;

  PreviewKind kind() const { return kind_; }
  std::shared_ptr<const drivers::camera::Frame> frame() const { return camera_->latest(); }
  PreviewOverlay overlay() const;
  const std::string& error() const { return error_; }

 private:
  void run_face();

  std::shared_ptr<drivers::camera::Camera> camera_;
  PreviewKind kind_;
  std::function<void()> wake_;
  std::string error_;
  std::unique_ptr<capture::DocumentSession> document_;
  std::unique_ptr<capture::FaceChecker> faces_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  PreviewOverlay face_overlay_;
  std::thread thread_;
};

}  // namespace ow::maintenance
