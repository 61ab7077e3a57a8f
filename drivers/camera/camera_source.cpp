// Frame sources: one image, a folder of images or frames in memory here; a V4L2 device or a video
// file through the videoio plugin (videoio_plugin.hpp). Files behave like a camera (endless, paced)
// so tests and the demo use the real path.
#include "drivers/camera/camera_source.hpp"

#include "drivers/camera/image_codec.hpp"
#include "drivers/camera/memory_source.hpp"
#include "drivers/camera/videoio_plugin.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace ow::drivers::camera {
namespace fs = std::filesystem;

namespace {

cv::Mat to_bgr8(const cv::Mat& image) {
  cv::Mat m = image;
  if (m.depth() != CV_8U) {
    cv::Mat scaled;
    m.convertTo(scaled, CV_8U, m.depth() == CV_16U ? 1.0 / 256.0 : 1.0);
    m = scaled;
  }
  if (m.channels() == 4) {
    cv::Mat bgr;
    cv::cvtColor(m, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
  }
  if (m.channels() == 2) {  // raw YUYV when the backend did not convert
    cv::Mat bgr;
    cv::cvtColor(m, bgr, cv::COLOR_YUV2BGR_YUYV);
    return bgr;
  }
  return m;
}

// One image, or a folder of images in name order, each delivered `repeat` times, then again from the start.
class ImageSource final : public Source {
 public:
  ImageSource(std::vector<fs::path> files, int repeat) : files_(std::move(files)), repeat_(repeat) {}

  bool read(cv::Mat& out) override {
    if (shown_ >= repeat_ || current_.empty()) {
      if (!current_.empty()) index_ = (index_ + 1) % files_.size();
      shown_ = 0;
      for (std::size_t tries = 0; tries < files_.size(); ++tries) {
        current_ = read_image(files_[index_]);
        if (!current_.empty()) break;
        index_ = (index_ + 1) % files_.size();  // skip unreadable files
      }
      if (current_.empty()) return false;
    }
    ++shown_;
    out = current_;
    return true;
  }
  bool still(cv::Mat& out) override {
    if (current_.empty() && !read(out)) return false;
    out = current_.clone();
    return true;
  }
  bool paced() const override { return true; }

 private:
  std::vector<fs::path> files_;
  int repeat_;
  std::size_t index_ = 0;
  int shown_ = 0;
  cv::Mat current_;
};

// Frames a test put in memory (memory_source.hpp): paced like a file, gone when unplugged.
class MemorySource final : public Source {
 public:
  explicit MemorySource(std::shared_ptr<MemoryFrames> frames) : frames_(std::move(frames)) {}
  bool read(cv::Mat& out) override {
    auto f = frames_->take();
    if (!f || f->empty()) return false;
    out = cv::Mat(f->height, f->width, f->channels == 1 ? CV_8UC1 : CV_8UC3, f->pixels.data()).clone();
    return true;
  }
  bool still(cv::Mat& out) override { return read(out); }
  bool paced() const override { return true; }

 private:
  std::shared_ptr<MemoryFrames> frames_;
};

bool is_image_file(const fs::path& p) {
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* kExts[] = {".jpg", ".jpeg", ".png", ".bmp", ".pgm", ".ppm", ".pnm"};
  return std::any_of(std::begin(kExts), std::end(kExts), [&](const char* e) { return ext == e; });
}

}  // namespace

DeviceResult<std::string> resolve_source(const CameraConfig& config) {
  if (config.source.rfind("usb:", 0) != 0) return config.source;
  return resolve_usb_camera(config.source.substr(4), config.sysfs_root);
}

DeviceResult<void> source_present(const std::string& s) {
  std::error_code ec;
  if (s.rfind("folder:", 0) == 0) {
    if (!fs::is_directory(s.substr(7), ec)) return device_error(DeviceErrorCode::NoDevice, "camera folder not found: " + s.substr(7));
    return {};
  }
  if (s.rfind("file:", 0) == 0) {
    if (!fs::is_regular_file(s.substr(5), ec)) return device_error(DeviceErrorCode::NoDevice, "camera file not found: " + s.substr(5));
    return {};
  }
  if (s.rfind(kMemorySourcePrefix, 0) == 0) {
    auto frames = find_memory_frames(s.substr(7));
    if (!frames || !frames->present()) return device_error(DeviceErrorCode::NoDevice, "no memory camera named " + s.substr(7));
    return {};
  }
  if (s.rfind("/dev/", 0) == 0) {
    if (!fs::exists(s, ec)) return device_error(DeviceErrorCode::NoDevice, "no camera at " + s);
    return {};
  }
  return device_error(DeviceErrorCode::Unsupported,
                      "camera source must be /dev/videoN, usb:VVVV:PPPP, file:<path>, folder:<dir> or memory:<name>, got '" + s + "'");
}

DeviceResult<std::unique_ptr<Source>> open_source(const CameraConfig& config) {
  const std::string& s = config.source;
  if (auto present = source_present(s); !present) return tl::unexpected(present.error());
  if (s.rfind("folder:", 0) == 0) {
    const fs::path dir = s.substr(7);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_regular_file() && is_image_file(e.path())) files.push_back(e.path());
    if (files.empty()) return device_error(DeviceErrorCode::NoDevice, "no images in camera folder " + dir.string());
    std::sort(files.begin(), files.end());
    return std::unique_ptr<Source>(std::make_unique<ImageSource>(std::move(files), config.frame_repeat));
  }
  if (s.rfind(kMemorySourcePrefix, 0) == 0) {
    auto frames = find_memory_frames(s.substr(7));
    if (!frames) return device_error(DeviceErrorCode::NoDevice, "no memory camera named " + s.substr(7));
    return std::unique_ptr<Source>(std::make_unique<MemorySource>(std::move(frames)));
  }
  if (s.rfind("file:", 0) == 0) {
    const fs::path file = s.substr(5);
    if (is_image_file(file)) return std::unique_ptr<Source>(std::make_unique<ImageSource>(std::vector<fs::path>{file}, config.frame_repeat));
    return open_videoio_source(config, file.string(), false);
  }
  // A device node: source_present accepts nothing else.
  return open_videoio_source(config, s, true);
}

cv::Mat to_preview(const cv::Mat& image, const CameraConfig& config) {
  cv::Mat m = to_bgr8(image);
  if (m.cols > config.width || m.rows > config.height) {
    const double scale = std::min(static_cast<double>(config.width) / m.cols, static_cast<double>(config.height) / m.rows);
    cv::Mat small;
    cv::resize(m, small, cv::Size(std::max(1, cvRound(m.cols * scale)), std::max(1, cvRound(m.rows * scale))), 0, 0, cv::INTER_AREA);
    return small;
  }
  return m;
}

Frame to_frame(const cv::Mat& image, std::uint64_t sequence) {
  const cv::Mat m = to_bgr8(image);
  Frame f;
  f.width = m.cols;
  f.height = m.rows;
  f.channels = m.channels();
  f.pixels.resize(f.row_bytes() * static_cast<std::size_t>(m.rows));
  for (int y = 0; y < m.rows; ++y) std::copy(m.ptr(y), m.ptr(y) + f.row_bytes(), f.pixels.data() + f.row_bytes() * static_cast<std::size_t>(y));
  f.sequence = sequence;
  f.captured = std::chrono::steady_clock::now();
  return f;
}

}  // namespace ow::drivers::camera
