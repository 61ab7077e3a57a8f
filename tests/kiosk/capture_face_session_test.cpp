// FaceSession on a file-backed face camera: the test portrait is taken automatically once the face
// has been good for the hold time, waits for "use" or "retake", and the shutter works with auto
// off; a picture without a face is never taken, not even with the shutter.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/capture/face_session.hpp"
#include "tests/kiosk/capture_test_camera.hpp"
#include <opencv2/imgproc.hpp>

using namespace ow::capture;
namespace fs = std::filesystem;

namespace {
const std::string kFace = std::string(OW_TEST_DATA_DIR) + "/../assets/face/astronaut_face.jpg";

FaceSessionOptions fast(bool auto_capture) {
  FaceSessionOptions o;
  o.analyse_every = std::chrono::milliseconds(40);
  o.steady_for = std::chrono::milliseconds(300);
  o.auto_capture = auto_capture;
  return o;
}
}  // namespace

TEST_CASE("the face is taken automatically when good and steady; use hands it over, retake looks again") {
  auto cam = test::open_camera(test::file_camera(kFace));
  auto session = FaceSession::start(*cam, fast(true));
  REQUIRE_MESSAGE(session, session.error().message);
  FaceSession& s = **session;
  REQUIRE(test::wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(10)));
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
  CHECK(photo->jpeg.jpeg[0] == 0xFF);
  REQUIRE(photo->pixels);
  CHECK(photo->pixels->width == photo->jpeg.width);
  CHECK_FALSE(s.take_photo());  // handed over once
  // Wiping leaves nothing of the face behind.
  const auto pixels = photo->pixels;
  *photo = FacePhoto{};  // a photo replaced or destroyed wipes itself
  CHECK(photo->jpeg.jpeg.empty());
  CHECK(std::all_of(pixels->pixels.begin(), pixels->pixels.end(), [](std::uint8_t b) { return b == 0; }));
  // After the hand-over it looks again and takes the next photo; retake drops that one.
  REQUIRE(test::wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(10)));
  s.retake();
  CHECK(s.photo_preview() == nullptr);
  CHECK_FALSE(s.overlay()->taken);
}

TEST_CASE("with auto-capture off only the shutter takes the photo; a frame without a face is never taken") {
  auto cam = test::open_camera(test::file_camera(kFace));
  auto session = FaceSession::start(*cam, fast(false));
  REQUIRE(session);
  FaceSession& s = **session;
  REQUIRE(test::wait_for([&] { return s.overlay()->reason == FaceReason::Ok && s.overlay()->steady >= 1.0; }, std::chrono::seconds(10)));
  CHECK(s.photo_preview() == nullptr);
  s.capture_now();
  CHECK(test::wait_for([&] { return s.photo_preview() != nullptr; }, std::chrono::seconds(5)));

  const TempDir folder("face-desk");
  const fs::path desk = folder.path / "desk.png";
  // A plain wall with a door-like panel: nobody in front of the camera.
  cv::Mat wall(720, 1280, CV_8UC3, cv::Scalar(200, 204, 208));
  cv::rectangle(wall, cv::Rect(900, 100, 220, 620), cv::Scalar(120, 140, 160), cv::FILLED);
  REQUIRE(cv::imwrite(desk.string(), wall));
  auto empty_cam = test::open_camera(test::file_camera(desk));
  auto empty = FaceSession::start(*empty_cam, fast(true));
  REQUIRE(empty);
  REQUIRE(test::wait_for([&] { return (*empty)->overlay()->frame_sequence > 3; }, std::chrono::seconds(10)));
  (*empty)->capture_now();
  const auto seen = (*empty)->overlay()->frame_sequence;
  REQUIRE(test::wait_for([&] { return (*empty)->overlay()->frame_sequence > seen + 3; }, std::chrono::seconds(10)));
  CHECK((*empty)->overlay()->reason == FaceReason::NoFace);
  CHECK_FALSE((*empty)->overlay()->face);
  CHECK((*empty)->photo_preview() == nullptr);
}
