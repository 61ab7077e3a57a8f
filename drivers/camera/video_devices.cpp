// V4L2 devices from sysfs: /sys/class/video4linux/videoN/{name,index,device → USB interface}.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

#include "drivers/camera/camera.hpp"

namespace ow::drivers::camera {
namespace fs = std::filesystem;

namespace {

std::string read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  return line;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The USB device directory holds idVendor/idProduct; `device` points at the interface below it.
std::string usb_id_of(const fs::path& node) {
  std::error_code ec;
  const fs::path dev = fs::canonical(node / "device", ec);
  if (ec) return {};
  for (const fs::path& dir : {dev, dev.parent_path()}) {
    const std::string vid = read_line(dir / "idVendor"), pid = read_line(dir / "idProduct");
    if (!vid.empty() && !pid.empty()) return lower(vid) + ":" + lower(pid);
  }
  return {};
}

int node_number(const std::string& name) {
  try {
    return std::stoi(name.substr(5));
  } catch (...) {
    return -1;
  }
}

}  // namespace

std::vector<VideoDevice> list_video_devices(const fs::path& sysfs_root) {
  std::vector<VideoDevice> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(sysfs_root / "class" / "video4linux", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("video", 0) != 0 || node_number(name) < 0) continue;
    // A UVC camera also registers a metadata node (index 1) on the same interface.
    const std::string index = read_line(entry.path() / "index");
    if (!index.empty() && index != "0") continue;
    out.push_back(VideoDevice{"/dev/" + name, read_line(entry.path() / "name"), usb_id_of(entry.path())});
  }
  std::sort(out.begin(), out.end(), [](const VideoDevice& a, const VideoDevice& b) {
    return node_number(a.path.substr(5)) < node_number(b.path.substr(5));
  });
  return out;
}

DeviceResult<std::string> resolve_usb_camera(const std::string& vid_pid, const fs::path& sysfs_root) {
  const std::string wanted = lower(vid_pid);
  const bool well_formed = wanted.size() == 9 && wanted[4] == ':' &&
                           std::all_of(wanted.begin(), wanted.end(), [](char c) { return c == ':' || std::isxdigit(static_cast<unsigned char>(c)); });
  if (!well_formed) return device_error(DeviceErrorCode::Unsupported, "camera USB id must look like 046d:0825, got '" + vid_pid + "'");
  for (const auto& d : list_video_devices(sysfs_root))
    if (d.usb_id == wanted) return d.path;
  return device_error(DeviceErrorCode::NoDevice, "no video device with USB id " + wanted);
}

}  // namespace ow::drivers::camera
