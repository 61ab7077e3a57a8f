// libow_camera_videoio.so: a V4L2 device through OpenCV's VideoCapture, and video files. Loaded by
// videoio_loader.cpp when a capture step opens one of these sources (videoio_plugin.hpp says why).
// It links OpenCV's videoio and nothing of ours: the Source interface and CameraConfig are headers.
#include <type_traits>

#include <opencv2/videoio.hpp>

#include "drivers/camera/videoio_plugin.hpp"

namespace ow::drivers::camera {
namespace {

class DeviceSource final : public Source {
 public:
  explicit DeviceSource(const CameraConfig& config) : config_(config) {}

  bool open() {
    if (!cap_.open(config_.source, cv::CAP_V4L2)) return false;
    const int fourcc = config_.format == PixelFormat::Mjpeg ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G')
                                                            : cv::VideoWriter::fourcc('Y', 'U', 'Y', 'V');
    // The pixel format must be chosen before the size: it limits which sizes the device offers.
    cap_.set(cv::CAP_PROP_FOURCC, fourcc);
    set_size(config_.width, config_.height);
    cap_.set(cv::CAP_PROP_FPS, config_.fps);
    cap_.set(cv::CAP_PROP_BUFFERSIZE, 1);  // keep latency low: we only ever want the newest frame
    return cap_.isOpened();
  }

  bool read(cv::Mat& out) override { return cap_.read(out); }

  bool still(cv::Mat& out) override {
    const bool switch_mode = config_.still_width > 0 && config_.still_height > 0 &&
                             (config_.still_width != config_.width || config_.still_height != config_.height);
    if (!switch_mode) return cap_.read(out);
    set_size(config_.still_width, config_.still_height);
    // The first frames after a mode change are often stale or under-exposed.
    cv::Mat discard;
    for (int i = 0; i < 2; ++i) cap_.read(discard);
    const bool ok = cap_.read(out);
    set_size(config_.width, config_.height);
    return ok;
  }

  bool paced() const override { return false; }

 private:
  void set_size(int w, int h) {
    cap_.set(cv::CAP_PROP_FRAME_WIDTH, w);
    cap_.set(cv::CAP_PROP_FRAME_HEIGHT, h);
  }
  CameraConfig config_;
  cv::VideoCapture cap_;
};

class VideoFileSource final : public Source {
 public:
  explicit VideoFileSource(std::string path) : path_(std::move(path)) {}
  bool open() { return cap_.open(path_) && cap_.isOpened(); }

  bool read(cv::Mat& out) override {
    if (cap_.read(last_) && !last_.empty()) {
      out = last_;
      return true;
    }
    // End of file: start again, as a camera never ends.
    cap_.release();
    if (!open() || !cap_.read(last_) || last_.empty()) return false;
    out = last_;
    return true;
  }
  bool still(cv::Mat& out) override {
    if (last_.empty()) return read(out);
    out = last_.clone();
    return true;
  }
  bool paced() const override { return true; }

 private:
  std::string path_;
  cv::VideoCapture cap_;
  cv::Mat last_;
};

}  // namespace
}  // namespace ow::drivers::camera

extern "C" __attribute__((visibility("default"))) ow::drivers::camera::VideoioOpen ow_camera_videoio_open(
    const ow::drivers::camera::CameraConfig& config, const std::string& source, bool device, ow::drivers::camera::Source** out) {
  using namespace ow::drivers::camera;
  if (device) {
    auto d = std::make_unique<DeviceSource>(config);
    if (!d->open()) return VideoioOpen::DeviceFailed;
    *out = d.release();
    return VideoioOpen::Opened;
  }
  auto v = std::make_unique<VideoFileSource>(source);
  if (!v->open()) return VideoioOpen::DecodeFailed;
  *out = v.release();
  return VideoioOpen::Opened;
}

static_assert(std::is_same_v<decltype(&ow_camera_videoio_open), ow::drivers::camera::VideoioOpenFn>);
