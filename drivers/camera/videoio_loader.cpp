#include <dlfcn.h>

#include <filesystem>
#include <system_error>

#include "drivers/camera/videoio_plugin.hpp"

namespace ow::drivers::camera {
namespace {

// The plugin's entry point, or why it could not be loaded; looked up once per process. Installed,
// the plugin is in ../lib/onewindow beside the program's folder; else in the build tree's plugin
// folder.
struct Loaded {
  VideoioOpenFn open = nullptr;
  std::string error;
};

const Loaded& plugin() {
  static const Loaded loaded = [] {
    Loaded l;
    std::error_code ec;
    const auto installed = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "lib" / "onewindow" / kVideoioPlugin;
    const auto built = std::filesystem::path(OW_PLUGIN_DIR) / kVideoioPlugin;
    const auto& file = std::filesystem::exists(installed, ec) ? installed : built;
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
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
