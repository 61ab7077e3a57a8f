#pragma once
// A camera opened for reading QR codes (a receipt's, a login code): the camera with the QR reader on
// it, for as long as a screen scans. Payloads are taken on the UI thread when the reader says so.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "drivers/device_error.hpp"
#include "kiosk/capture/qr_reader.hpp"
#include "kiosk/config.hpp"

namespace ow::capture {

class QrCamera {
 public:
  // Opens `source` with the document camera's settings; `ready` runs on the reader's thread when a
  // payload waits.
  drivers::DeviceResult<void> open(const std::string& source, const DocCameraConfig& settings, std::function<void()> ready);
  void close();
  bool scanning() const { return reader_ != nullptr; }
  std::vector<std::string> take_payloads();  // personal: the caller wipes them
  std::shared_ptr<const drivers::camera::Frame> preview() const;
  bool camera_online() const;

 private:
  std::unique_ptr<drivers::camera::Camera> camera_;
  std::unique_ptr<QrReader> reader_;
};

}  // namespace ow::capture
