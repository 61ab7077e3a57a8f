#include "kiosk/capture/qr_camera.hpp"

namespace ow::capture {

drivers::DeviceResult<void> QrCamera::open(const std::string& source, const DocCameraConfig& settings,
                                           std::function<void()> ready) {
  close();
  drivers::camera::CameraConfig cc;
  cc.source = source;
  cc.width = settings.width;
  cc.height = settings.height;
  cc.fps = settings.fps;
  cc.frame_repeat = settings.frame_repeat;
  auto camera = drivers::camera::Camera::open(cc);
  if (!camera) return tl::unexpected(camera.error());
  camera_ = std::move(*camera);
  reader_ = std::make_unique<QrReader>(*camera_, QrReaderOptions{}, std::move(ready));
  return {};
}

void QrCamera::close() {
  reader_.reset();
  camera_.reset();
}

std::vector<std::string> QrCamera::take_payloads() { return reader_ ? reader_->take_payloads() : std::vector<std::string>{}; }

std::shared_ptr<const drivers::camera::Frame> QrCamera::preview() const { return reader_ ? reader_->preview() : nullptr; }

bool QrCamera::camera_online() const { return reader_ && reader_->camera_online(); }

}  // namespace ow::capture
