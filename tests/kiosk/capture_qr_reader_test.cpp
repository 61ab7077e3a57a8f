// QrReader on a file-backed camera: codes shown in turn are each reported once while in view,
// frames without a code report nothing, and the UI gets the live preview meanwhile.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/capture/qr_reader.hpp"
#include "tests/kiosk/capture_synthetic.hpp"
#include "tests/kiosk/capture_test_camera.hpp"

using namespace ow::capture;

TEST_CASE("codes shown in turn are each reported once while they stay in view") {
  const TempDir f("qr-reader");
  const std::string a = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";
  const std::string b = "ESSC:01:330100:abcdef0123456789";
  test::SynthOptions empty;
  empty.page_height = 0;
  empty.width = 1280;
  empty.height = 720;
  REQUIRE(cv::imwrite((f.path / "0.png").string(), test::frame_with_qr(test::qr_image(a, 8))));
  REQUIRE(cv::imwrite((f.path / "1.png").string(), test::make_frame(empty).image));
  REQUIRE(cv::imwrite((f.path / "2.png").string(), test::frame_with_qr(test::qr_image(b, 8))));
  auto cam = test::open_camera(test::folder_camera(f.path, 4));
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  o.repeat_after = std::chrono::minutes(10);  // the folder loops: every repeat within the test is suppressed
  std::atomic<int> wakes{0};
  QrReader reader(*cam, o, [&] { ++wakes; });

  std::vector<std::string> got;
  REQUIRE(test::wait_for([&] {
    for (auto& p : reader.take_payloads()) got.push_back(std::move(p));
    return got.size() >= 2;
  }, std::chrono::seconds(10)));
  // Go round the folder once more: nothing new while the same codes come back.
  const auto decoded = reader.frames_decoded();
  REQUIRE(test::wait_for([&] { return reader.frames_decoded() >= decoded + 15; }, std::chrono::seconds(10)));
  for (auto& p : reader.take_payloads()) got.push_back(std::move(p));
  CHECK(got.size() == 2);
  CHECK(std::count(got.begin(), got.end(), a) == 1);
  CHECK(std::count(got.begin(), got.end(), b) == 1);
  CHECK(wakes.load() >= 2);
  CHECK(reader.preview());
  CHECK(reader.camera_online());
}

TEST_CASE("a code seen again after it left the view long enough is reported again") {
  const TempDir f("qr-reader");
  const std::string a = "CTID:eyJ2IjoxLCJpZCI6IjEyMyJ9.c2lnbmF0dXJl";
  test::SynthOptions empty;
  empty.page_height = 0;
  REQUIRE(cv::imwrite((f.path / "0.png").string(), test::frame_with_qr(test::qr_image(a, 8))));
  REQUIRE(cv::imwrite((f.path / "1.png").string(), test::make_frame(empty).image));
  auto cam = test::open_camera(test::folder_camera(f.path, 20));  // a second in view, a second out
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  o.repeat_after = std::chrono::milliseconds(300);
  QrReader reader(*cam, o);
  std::size_t count = 0;
  CHECK(test::wait_for([&] {
    count += reader.take_payloads().size();
    return count >= 2;
  }, std::chrono::seconds(10)));
}

TEST_CASE("a frame without a code yields nothing") {
  const TempDir f("qr-reader");
  test::SynthOptions empty;
  empty.page_height = 0;
  REQUIRE(cv::imwrite((f.path / "0.png").string(), test::make_frame(empty).image));
  auto cam = test::open_camera(test::folder_camera(f.path, 4));
  QrReaderOptions o;
  o.decode_every = std::chrono::milliseconds(20);
  QrReader reader(*cam, o);
  REQUIRE(test::wait_for([&] { return reader.frames_decoded() >= 5; }, std::chrono::seconds(10)));
  CHECK(reader.take_payloads().empty());
}
