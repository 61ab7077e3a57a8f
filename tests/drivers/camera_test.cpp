// The camera driver with file sources (the same capture thread and handoff a V4L2 device uses),
// and USB camera lookup in a fake sysfs tree.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "drivers/camera/camera.hpp"

using namespace ow::drivers;
using namespace ow::drivers::camera;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("ow-camera-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

cv::Mat numbered(int n, int w, int h) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(40.0 * n, 100, 200 - 40.0 * n));
  cv::putText(m, std::to_string(n), cv::Point(w / 3, h * 2 / 3), cv::FONT_HERSHEY_SIMPLEX, 3, cv::Scalar(255, 255, 255), 5);
  return m;
}

std::shared_ptr<const Frame> wait_frame(Camera& cam, std::uint64_t after, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto f = cam.latest();
    if (f && f->sequence > after) return f;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return nullptr;
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}

}  // namespace

TEST_CASE("a folder source delivers preview frames scaled to the preview size and full-size stills") {
  TempDir dir("folder");
  cv::imwrite((dir.path / "a.png").string(), numbered(1, 800, 600));
  cv::imwrite((dir.path / "b.png").string(), numbered(2, 800, 600));
  std::ofstream(dir.path / "notes.txt") << "not an image";
  CameraConfig cfg;
  cfg.source = "folder:" + dir.path.string();
  cfg.width = 400;
  cfg.height = 300;
  cfg.fps = 60;
  cfg.frame_repeat = 3;
  auto cam = Camera::open(cfg);
  REQUIRE(cam);
  auto first = wait_frame(**cam, 0);
  REQUIRE(first);
  CHECK(first->width == 400);
  CHECK(first->height == 300);
  CHECK(first->channels == 3);
  CHECK(first->pixels.size() == 400u * 300u * 3u);
  // The capture thread also made the picture's RGBA pixels for the screen: the same picture.
  REQUIRE(first->has_rgba());
  bool same = true;
  for (std::size_t i = 0; i < 400u * 300u; ++i) {
    const auto* bgr = first->pixels.data() + 3 * i;
    const auto* rgba = first->rgba.data() + 4 * i;
    same = same && rgba[0] == bgr[2] && rgba[1] == bgr[1] && rgba[2] == bgr[0] && rgba[3] == 255;
  }
  CHECK(same);
  // Later frames have higher sequence numbers, and the folder's second image shows up.
  bool saw_second = false;
  std::uint64_t seq = first->sequence;
  for (int i = 0; i < 12 && !saw_second; ++i) {
    auto f = wait_frame(**cam, seq);
    REQUIRE(f);
    CHECK(f->sequence > seq);
    seq = f->sequence;
    const auto* px = f->pixels.data() + (10 * f->width + 10) * 3;
    saw_second = px[0] > 60;  // blue 80 in image 2 vs 40 in image 1
  }
  CHECK(saw_second);
  // A reader holding a frame keeps it intact while the capture thread moves on.
  auto held = (*cam)->latest();
  const auto copy = held->pixels;
  const auto rgba_copy = held->rgba;
  wait_frame(**cam, held->sequence);
  wait_frame(**cam, held->sequence + 1);
  CHECK(held->pixels == copy);
  CHECK(held->rgba == rgba_copy);

  auto still = (*cam)->still();
  REQUIRE(still);
  CHECK(still->width == 800);
  CHECK(still->height == 600);
  CHECK_FALSE(still->has_rgba());  // a still goes to the pipeline, not to the screen
  CHECK((*cam)->state() == DeviceState::Online);
  CHECK((*cam)->health(HealthLevel::Internal).passed);
  CHECK((*cam)->health(HealthLevel::External).passed);
  CHECK((*cam)->counters().operations > 3);
}

TEST_CASE("a video file source loops like a camera that never ends") {
  TempDir dir("video");
  const fs::path file = dir.path / "clip.avi";
  {
    cv::VideoWriter w(file.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, cv::Size(320, 240));
    REQUIRE(w.isOpened());
    for (int i = 0; i < 4; ++i) w.write(numbered(i, 320, 240));
  }
  CameraConfig cfg;
  cfg.source = "file:" + file.string();
  cfg.fps = 100;
  auto cam = Camera::open(cfg);
  REQUIRE(cam);
  std::uint64_t seq = 0;
  for (int i = 0; i < 10; ++i) {  // more frames than the clip holds
    auto f = wait_frame(**cam, seq);
    REQUIRE(f);
    CHECK(f->width == 320);
    seq = f->sequence;
  }
  CHECK(seq >= 10);
}

TEST_CASE("bad sources are refused with the reason") {
  CameraConfig cfg;
  cfg.source = "folder:/nonexistent/ow";
  auto a = Camera::open(cfg);
  REQUIRE_FALSE(a);
  CHECK(a.error().code == DeviceErrorCode::NoDevice);
  cfg.source = "/dev/video-ow-none";
  auto b = Camera::open(cfg);
  REQUIRE_FALSE(b);
  CHECK(b.error().code == DeviceErrorCode::NoDevice);
  cfg.source = "rtsp://example/stream";
  auto c = Camera::open(cfg);
  REQUIRE_FALSE(c);
  CHECK(c.error().code == DeviceErrorCode::Unsupported);
  TempDir dir("bad");
  std::ofstream(dir.path / "fake.avi") << "not a video at all";
  cfg.source = "file:" + (dir.path / "fake.avi").string();
  CHECK_FALSE(Camera::open(cfg));
  cfg.source = "file:" + (dir.path / "fake.avi").string();
  cfg.fps = 0;
  CHECK_FALSE(Camera::open(cfg));
}

TEST_CASE("probe tells whether a source is there without opening it, with open's reasons") {
  TempDir dir("probe");
  std::ofstream(dir.path / "fake.avi") << "not a video at all";
  CameraConfig cfg;
  cfg.source = "file:" + (dir.path / "fake.avi").string();
  CHECK(Camera::probe(cfg));  // there, though it would not decode: probe does not open
  cfg.source = "folder:" + dir.path.string();
  CHECK(Camera::probe(cfg));
  for (const char* missing : {"folder:/nonexistent/ow", "file:/nonexistent/ow.avi", "/dev/video-ow-none"}) {
    cfg.source = missing;
    auto p = Camera::probe(cfg);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == DeviceErrorCode::NoDevice);
    CHECK(p.error().code == Camera::open(cfg).error().code);
  }
  cfg.source = "rtsp://example/stream";
  auto p = Camera::probe(cfg);
  REQUIRE_FALSE(p);
  CHECK(p.error().code == DeviceErrorCode::Unsupported);
  CHECK(p.error().message == Camera::open(cfg).error().message);
}

TEST_CASE("a USB camera is found by vendor:product through sysfs, skipping metadata nodes") {
  TempDir sys("sysfs");
  const fs::path usb = sys.path / "devices/pci0000:00/usb1/1-2";
  write_file(usb / "idVendor", "0c45");
  write_file(usb / "idProduct", "6366");
  fs::create_directories(usb / "1-2:1.0");
  const fs::path other = sys.path / "devices/pci0000:00/usb1/1-3";
  write_file(other / "idVendor", "046d");
  write_file(other / "idProduct", "0825");
  fs::create_directories(other / "1-3:1.0");
  auto node = [&](const std::string& name, const std::string& index, const fs::path& iface, const std::string& card) {
    const fs::path n = sys.path / "class/video4linux" / name;
    write_file(n / "index", index);
    write_file(n / "name", card);
    fs::create_directory_symlink(iface, n / "device");
  };
  node("video0", "0", usb / "1-2:1.0", "Document Camera");
  node("video1", "1", usb / "1-2:1.0", "Document Camera");  // UVC metadata node
  node("video2", "0", other / "1-3:1.0", "Face Camera");

  const auto list = list_video_devices(sys.path);
  REQUIRE(list.size() == 2);
  CHECK(list[0].path == "/dev/video0");
  CHECK(list[0].usb_id == "0c45:6366");
  CHECK(list[0].name == "Document Camera");
  CHECK(list[1].path == "/dev/video2");

  auto found = resolve_usb_camera("046D:0825", sys.path);
  REQUIRE(found);
  CHECK(*found == "/dev/video2");
  auto missing = resolve_usb_camera("1234:5678", sys.path);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == DeviceErrorCode::NoDevice);
  CHECK_FALSE(resolve_usb_camera("nonsense", sys.path));
  // Through Camera::open the id resolves to a node that does not exist in /dev here.
  CameraConfig cfg;
  cfg.source = "usb:0c45:6366";
  cfg.sysfs_root = sys.path;
  auto cam = Camera::open(cfg);
  if (!fs::exists("/dev/video0")) {
    REQUIRE_FALSE(cam);
    CHECK(cam.error().message.find("/dev/video0") != std::string::npos);
  }
}
