#include <dlfcn.h>

#include <mutex>

#include "drivers/camera/videoio_plugin.hpp"

namespace ow::drivers::camera {
namespace {

// The plugin's entry point, or why it could not be loaded; looked up once per process. The plugin
// is found like a library: the program's RUNPATH (the build tree, or lib/onewindow when installed).
struct Loaded {
  VideoioOpenFn open = nullptr;
  std::string error;
};

const Loaded& plugin() {
  static const Loaded loaded = [] {
    Loaded l;
    void* handle = ::dlopen(kVideoioPlugin, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      l.error = ::dlerror();
      return l;
    }
    l.open = reinterpret_cast<VideoioOpenFn>(::dlsym(handle, kVideoioEntry));
    if (!l.open) l.error = std::string(kVideoioPlugin) + " has no " + kVideoioEntry;
    return l;
  }();
  return loaded;
}

}  // namespace

DeviceResult<std::unique_ptr<Source>> open_videoio_source(const CameraConfig& config, const std::string& source, bool device) {
  const Loaded& p = plugin();
  if (!p.open) return device_error(DeviceErrorCode::Unsupported, "camera plugin not available: " + p.error);
  Source* opened = nullptr;
  switch (p.open(config, source, device, &opened)) {
    case VideoioOpen::Opened:
      return std::unique_ptr<Source>(opened);
    case VideoioOpen::DeviceFailed:
      return device_error(DeviceErrorCode::Io, "cannot open camera " + source + " (permissions, or in use)");
    case VideoioOpen::DecodeFailed:
      break;
  }
  return device_error(DeviceErrorCode::Unsupported, "cannot decode video file " + source);
}

}  // namespace ow::drivers::camera
