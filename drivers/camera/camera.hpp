#pragma once
// A document or face camera: a V4L2 device through OpenCV, or a video / image / image-folder file
// source with the same behaviour for tests and the demo. A worker thread captures, scales to the
// preview size and makes the frame's RGBA pixels; the newest frame is handed to readers through an
// atomic shared_ptr, so the UI never waits for the camera and only uploads the picture.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "drivers/camera/frame.hpp"
#include "drivers/device_error.hpp"
#include "drivers/device_status.hpp"

namespace ow::drivers::camera {

enum class PixelFormat { Mjpeg, Yuyv };

struct CameraConfig {
  // "/dev/videoN"; "usb:VVVV:PPPP" (USB vendor:product, hex, resolved through sysfs);
  // "file:<video or image>"; "folder:<directory of images, shown in name order>";
  // "memory:<name>" (frames a test put in memory, memory_source.hpp).
  std::string source;
  int width = 1280, height = 720;           // preview size (file sources: frames larger are scaled down)
  int still_width = 0, still_height = 0;    // full-resolution stills; 0: the preview size (device) / the file's size
  PixelFormat format = PixelFormat::Mjpeg;
  int fps = 15;                             // file sources are paced at this rate
  int frame_repeat = 1;                     // folder sources: each image is delivered this many times
  std::filesystem::path sysfs_root = "/sys";  // tests point this at a fake tree
};

struct VideoDevice {
  std::string path;  // /dev/videoN
  std::string name;  // the driver's card name
  std::string usb_id;  // "vvvv:pppp" when the camera is on USB, else empty
};

// Capture nodes under <sysfs_root>/class/video4linux (UVC metadata nodes are skipped).
std::vector<VideoDevice> list_video_devices(const std::filesystem::path& sysfs_root = "/sys");
// The capture node of the first USB camera with this vendor:product ("046d:0825").
DeviceResult<std::string> resolve_usb_camera(const std::string& vid_pid, const std::filesystem::path& sysfs_root = "/sys");

class Camera {
 public:
  // Opens the source and starts the capture thread. A device that is absent yields NoDevice.
  static DeviceResult<std::unique_ptr<Camera>> open(CameraConfig config);
  // Whether the source is there, without opening it (a V4L2 device streams to one opener).
  static DeviceResult<void> probe(const CameraConfig& config);
  ~Camera();  // stops and joins the capture thread
  Camera(const Camera&) = delete;
  Camera& operator=(const Camera&) = delete;

  // The newest preview frame, or null before the first one. Lock-free for the reader in
  // practice: one atomic load and a reference-count increment; never waits for the capture thread.
  std::shared_ptr<const Frame> latest() const;
  // A frame at full still resolution, taken by the capture thread (which switches the device
  // mode and back); waits at most `timeout`.
  DeviceResult<Frame> still(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

  DeviceState state() const;
  DeviceCounters counters() const;
  // Internal: the capture thread runs; External: a new frame arrives within a second.
  HealthResult health(HealthLevel level);
  const CameraConfig& config() const;

  struct Impl;

 private:
  explicit Camera(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::drivers::camera
