#include "kiosk/capture/qr_camera.hpp"

#include "kiosk/devices.hpp"

namespace ow::capture {

drivers::DeviceResult<void> QrCamera::open(const std::string& source, const DocCameraConfig& settings,
                                           std::function<void()> ready) {
  close();
  DocCameraConfig qr = settings;
  qr.source = source;
  qr.still_width = qr.still_height = 0;  // codes are read from the preview
  auto camera = drivers::camera::Camera::open(camera_config(qr));
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
