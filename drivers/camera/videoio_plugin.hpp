#pragma once
// Cameras (V4L2) and video files through OpenCV's videoio live in a plugin, libow_camera_videoio.so,
// loaded the first time a capture step opens such a source. Debian's videoio pulls GStreamer,
// libav*, gphoto2 and dc1394 (~240 libraries): linked into the kiosk they cost every start-up and
// ~100 MiB of mapped files on the attract screen (issue 25). The plugin stays loaded once loaded:
// GStreamer and libav keep threads and atexit handlers that do not survive dlclose.
// Internal to drivers/camera; includes OpenCV through camera_source.hpp.
#include <memory>
#include <string>

#include "drivers/camera/camera_source.hpp"

namespace ow::drivers::camera {

inline constexpr const char* kVideoioPlugin = "libow_camera_videoio.so";
inline constexpr const char* kVideoioEntry = "ow_camera_videoio_open";

// What the plugin's entry point tells the loader.
enum class VideoioOpen { Opened, DeviceFailed, DecodeFailed };
// The entry point's type: `source` is a device node or a video file; on Opened, *out owns a Source
// the caller deletes (the plugin is never unloaded, so its code outlives every Source).
using VideoioOpenFn = VideoioOpen (*)(const CameraConfig& config, const std::string& source, bool device, Source** out);

// Loads the plugin (once) and opens a device node or a video file through it.
DeviceResult<std::unique_ptr<Source>> open_videoio_source(const CameraConfig& config, const std::string& source, bool device);

}  // namespace ow::drivers::camera
