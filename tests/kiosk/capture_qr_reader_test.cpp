// QrReader on a file-backed camera: codes shown in turn are each reported once while in view,
// frames without a code report nothing, and the UI gets the live preview meanwhile.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/capture/qr_reader.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

using namespace ow::capture;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("ow-qr-reader-" + std::to_string(getpid()));
  Folder() {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Folder() { fs::remove_all(dir); }
};

template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

ow::drivers::camera::CameraConfig folder_camera(const fs::path& dir) {
  ow::drivers::camera::CameraConfig cfg;
  cfg.source = "folder:" + dir.string();
  cfg.fps = 20;
  cfg.frame_repeat = 4;
  return cfg;
}

}  // namespace

TEST_CASE("codes shown in turn are each reported once while they stay in view") {
  Folder f;
  const std::string a = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";
  const std::string b = "ESSC:01:330100:abcdef0123456789";
  test::SynthOptions empty;
  empty.page_height = 0;
  empty.width = 1280;
  empty.height = 720;
  REQUIRE(cv::imwrite((f.dir / "0.png").string(), test::frame_with_qr(test::qr_image(a, 8))));
  REQUIRE(cv::imwrite((f.dir / "1.png").string(), test::make_frame(empty).image));
  REQUIRE(cv::imwrite((f.dir / "2.png").string(), test::frame_with_qr(test::qr_image(b, 8))));
  auto cam = ow::drivers::camera::Camera::open(folder_camera(f.dir));
  REQUIRE(cam);
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  o.repeat_after = std::chrono::minutes(10);  // the folder loops: every repeat within the test is suppressed
  std::atomic<int> wakes{0};
  QrReader reader(**cam, o, [&] { ++wakes; });

  std::vector<std::string> got;
  REQUIRE(wait_for([&] {
    for (auto& p : reader.take_payloads()) got.push_back(std::move(p));
    return got.size() >= 2;
  }, std::chrono::seconds(10)));
  // Go round the folder once more: nothing new while the same codes come back.
  const auto decoded = reader.frames_decoded();
  REQUIRE(wait_for([&] { return reader.frames_decoded() >= decoded + 15; }, std::chrono::seconds(10)));
  for (auto& p : reader.take_payloads()) got.push_back(std::move(p));
  CHECK(got.size() == 2);
  CHECK(std::count(got.begin(), got.end(), a) == 1);
  CHECK(std::count(got.begin(), got.end(), b) == 1);
  CHECK(wakes.load() >= 2);
  CHECK(reader.preview());
  CHECK(reader.camera_online());
}

TEST_CASE("a code seen again after it left the view long enough is reported again") {
  Folder f;
  const std::string a = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";
  test::SynthOptions empty;
  empty.page_height = 0;
  REQUIRE(cv::imwrite((f.dir / "0.png").string(), test::frame_with_qr(test::qr_image(a, 8))));
  REQUIRE(cv::imwrite((f.dir / "1.png").string(), test::make_frame(empty).image));
  auto cfg = folder_camera(f.dir);
  cfg.frame_repeat = 20;  // a second in view, a second out
  auto cam = ow::drivers::camera::Camera::open(cfg);
  REQUIRE(cam);
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  o.repeat_after = std::chrono::milliseconds(300);
  QrReader reader(**cam, o);
  std::size_t count = 0;
  CHECK(wait_for([&] {
    count += reader.take_payloads().size();
    return count >= 2;
  }, std::chrono::seconds(10)));
}

TEST_CASE("a frame without a code yields nothing") {
  Folder f;
  test::SynthOptions empty;
  empty.page_height = 0;
  REQUIRE(cv::imwrite((f.dir / "0.png").string(), test::make_frame(empty).image));
  auto cam = ow::drivers::camera::Camera::open(folder_camera(f.dir));
  REQUIRE(cam);
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  QrReader reader(**cam, o);
  REQUIRE(wait_for([&] { return reader.frames_decoded() >= 5; }, std::chrono::seconds(10)));
  CHECK(reader.take_payloads().empty());
}
