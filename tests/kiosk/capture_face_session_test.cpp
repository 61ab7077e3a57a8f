// FaceSession on a file-backed face camera: the test portrait is taken automatically once the face
// has been good for the hold time, waits for "use" or "retake", and the shutter works with auto
// off; a picture without a face is never taken, not even with the shutter.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/capture/face_session.hpp"
#include <opencv2/imgproc.hpp>

using namespace ow::capture;
namespace fs = std::filesystem;
namespace camera = ow::drivers::camera;

namespace {
const std::string kFace = std::string(OW_TEST_DATA_DIR) + "/../assets/face/astronaut_face.jpg";

template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

std::unique_ptr<camera::Camera> open_file(const std::string& path) {
  camera::CameraConfig cc;
  cc.source = "file:" + path;
  cc.fps = 20;
  auto cam = camera::Camera::open(cc);
  REQUIRE_MESSAGE(cam, cam.error().message);
  return std::move(*cam);
}

FaceSessionOptions fast(bool auto_capture) {
  FaceSessionOptions o;
  o.analyse_every = std::chrono::milliseconds(40);
  o.steady_for = std::chrono::milliseconds(300);
  o.auto_capture = auto_capture;
  return o;
}
}  // namespace

TEST_CASE("the face is taken automatically when good and steady; use hands it over, retake looks again") {
  auto cam = open_file(kFace);
  auto session = FaceSession::start(*cam, fast(true));
  REQUIRE_MESSAGE(session, session.error().message);
  FaceSession& s = **session;
  REQUIRE(wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(10)));
  const auto overlay = s.overlay();
  CHECK(overlay->taken);
  CHECK(overlay->reason == FaceReason::Ok);
  REQUIRE(overlay->face);
  CHECK(overlay->face->x > 0.3f);
  CHECK(overlay->face->x + overlay->face->width < 0.7f);
  const auto shown = s.photo_preview();
  CHECK(shown->height > shown->width);  // head and shoulders, upright
  auto photo = s.take_photo();
  REQUIRE(photo);
  CHECK(photo->jpeg.jpeg.size() > 1000);
  CHECK(photo->jpeg.jpeg.at(0) == 0xFF);
  REQUIRE(photo->pixels);
  CHECK(photo->pixels->width == photo->jpeg.width);
  CHECK_FALSE(s.take_photo());  // handed over once
  // Wiping leaves nothing of the face behind.
  const auto pixels = photo->pixels;
  wipe_face_photo(*photo);
  CHECK(photo->jpeg.jpeg.empty());
  CHECK(std::all_of(pixels->pixels.begin(), pixels->pixels.end(), [](std::uint8_t b) { return b == 0; }));
  // After the hand-over it looks again and takes the next photo; retake drops that one.
  REQUIRE(wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(10)));
  s.retake();
  CHECK(s.photo_preview() == nullptr);
  CHECK_FALSE(s.overlay()->taken);
}

TEST_CASE("with auto-capture off only the shutter takes the photo; a frame without a face is never taken") {
  auto cam = open_file(kFace);
  auto session = FaceSession::start(*cam, fast(false));
  REQUIRE(session);
  FaceSession& s = **session;
  REQUIRE(wait_for([&] { return s.overlay()->reason == FaceReason::Ok && s.overlay()->steady >= 1.0; }, std::chrono::seconds(10)));
  CHECK(s.photo_preview() == nullptr);
  s.capture_now();
  CHECK(wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(5)));

  const fs::path desk = fs::temp_directory_path() / ("ow-face-desk-" + std::to_string(::getpid()) + ".png");
  // A plain wall with a door-like panel: nobody in front of the camera.
  cv::Mat wall(720, 1280, CV_8UC3, cv::Scalar(200, 204, 208));
  cv::rectangle(wall, cv::Rect(900, 100, 220, 620), cv::Scalar(120, 140, 160), cv::FILLED);
  REQUIRE(cv::imwrite(desk.string(), wall));
  auto empty_cam = open_file(desk.string());
  auto empty = FaceSession::start(*empty_cam, fast(true));
  REQUIRE(empty);
  REQUIRE(wait_for([&] { return (*empty)->overlay()->frame_sequence > 3; }, std::chrono::seconds(10)));
  (*empty)->capture_now();
  const auto seen = (*empty)->overlay()->frame_sequence;
  REQUIRE(wait_for([&] { return (*empty)->overlay()->frame_sequence > seen + 3; }, std::chrono::seconds(10)));
  CHECK((*empty)->overlay()->reason == FaceReason::NoFace);
  CHECK_FALSE((*empty)->overlay()->face);
  CHECK((*empty)->photo_preview() == nullptr);
  fs::remove(desk);
}
