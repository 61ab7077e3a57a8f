#pragma once
// Internal to drivers/camera: where frames come from. Includes OpenCV, so only camera .cpp files
// include it.
#include <memory>

#include <opencv2/core.hpp>

#include "drivers/camera/camera.hpp"

namespace ow::drivers::camera {

class Source {
 public:
  virtual ~Source() = default;
  // The next preview frame; a device blocks until it has one.
  virtual bool read(cv::Mat& out) = 0;
  // A frame at still resolution.
  virtual bool still(cv::Mat& out) = 0;
  // File sources are paced by the capture thread at the configured fps; devices pace themselves.
  virtual bool paced() const = 0;
};

// The configured source with usb:VVVV:PPPP resolved to its /dev/videoN node.
DeviceResult<std::string> resolve_source(const CameraConfig& config);
// Whether a resolved source is there (a device node, a file, a folder), without opening it.
DeviceResult<void> source_present(const std::string& source);
// Opens a resolved source.
DeviceResult<std::unique_ptr<Source>> open_source(const CameraConfig& config);

// 8-bit BGR or gray, scaled down to fit the preview size when larger.
cv::Mat to_preview(const cv::Mat& image, const CameraConfig& config);
Frame to_frame(const cv::Mat& image, std::uint64_t sequence);

}  // namespace ow::drivers::camera
