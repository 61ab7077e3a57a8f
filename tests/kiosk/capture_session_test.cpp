// DocumentSession on a file-backed camera: the preview overlay follows the page, two pages shown
// one after the other are each auto-captured once, and the shutter button works with auto off.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/capture/document_session.hpp"
#include "tests/kiosk/capture_synthetic.hpp"
#include "tests/kiosk/capture_test_camera.hpp"

using namespace ow::capture;

namespace {

// `pages` generated pages, each a little rotated, as pictures for a folder camera.
struct PageFolder : TempDir {
  explicit PageFolder(int pages) : TempDir("capture-session-" + std::to_string(pages)) {
    for (int i = 0; i < pages; ++i) {
      test::SynthOptions o;
      o.seed = static_cast<std::uint32_t>(40 + i);
      o.rotation_deg = 4.0 * i - 3;
      o.width = 800;
      o.height = 600;
      cv::imwrite((path / ("page" + std::to_string(i) + ".png")).string(), test::make_frame(o).image);
    }
  }
};

SessionOptions fast_options() {
  SessionOptions o;
  o.steady_for = std::chrono::milliseconds(300);
  o.analyse_every = std::chrono::milliseconds(30);
  return o;
}

}  // namespace

TEST_CASE("two pages shown in turn are each captured once, automatically") {
  PageFolder folder(2);
  // Each page in view for 1.5 s, then the next, then the first again.
  auto cam = test::open_camera(test::folder_camera(folder.path, 30));
  std::atomic<int> wakes{0};
  DocumentSession session(*cam, fast_options(), [&] { ++wakes; });

  REQUIRE(test::wait_for([&] { return session.overlay()->found; }, std::chrono::seconds(3)));
  const auto o = session.overlay();
  for (const auto& p : o->outline) {
    CHECK(p.x > 0.0f);
    CHECK(p.x < 1.0f);
    CHECK(p.y > 0.0f);
    CHECK(p.y < 1.0f);
  }
  CHECK(session.preview());
  REQUIRE(test::wait_for([&] { return session.page_count() >= 2; }, std::chrono::seconds(8)));
  // The second page stays in view after it was taken: it is not taken again.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const auto pages = session.take_pages();
  CHECK(pages.size() == 2);
  for (const auto& p : pages) {
    CHECK(p.width == 1654);
    CHECK(p.height == 2339);
    CHECK(p.jpeg.size() <= 300u * 1024u);
  }
  CHECK(session.page_count() == 0);
  CHECK(wakes > 0);
}

TEST_CASE("with auto-capture off only the shutter takes a page, and the guidance says what to do") {
  PageFolder folder(1);
  auto cam = test::open_camera(test::folder_camera(folder.path, 1));
  auto options = fast_options();
  options.auto_capture = false;
  DocumentSession session(*cam, options);
  REQUIRE(test::wait_for([&] { return session.overlay()->steady >= 1.0; }, std::chrono::seconds(3)));
  CHECK(session.page_count() == 0);
  ow::set_language(ow::Language::Chinese);
  CHECK(guidance(*session.overlay()) == ow::tr(ow::Str::CaptureDocHoldStill));
  session.capture_now();
  REQUIRE(test::wait_for([&] { return session.page_count() == 1; }, std::chrono::seconds(3)));
  REQUIRE(test::wait_for([&] { return session.overlay()->waiting_for_next_page; }, std::chrono::seconds(1)));
  CHECK(guidance(*session.overlay()) == "已拍好第 1 页，请放下一页，或点击“完成”");
  session.remove_page(0);
  CHECK(session.page_count() == 0);
}

TEST_CASE("the steadiness tracker needs the page good and still for the whole hold time") {
  SteadinessTracker t(std::chrono::milliseconds(1000), 0.02);
  PageDetection d;
  d.found = true;
  d.reason = DocReason::Ok;
  d.image_width = 1000;
  d.image_height = 750;
  d.corners = {Point{100, 100}, Point{500, 100}, Point{500, 650}, Point{100, 650}};
  const auto t0 = SteadyClock::now();
  CHECK(t.update(d, t0) == 0.0);
  CHECK(t.update(d, t0 + std::chrono::milliseconds(500)) == doctest::Approx(0.5));
  d.corners[0].x += 5;  // a tremble within tolerance
  CHECK(t.update(d, t0 + std::chrono::milliseconds(1000)) == 1.0);
  d.corners[2].x += 60;  // moved: start again
  CHECK(t.update(d, t0 + std::chrono::milliseconds(1100)) == 0.0);
  d.reason = DocReason::TooBlurred;
  CHECK(t.update(d, t0 + std::chrono::milliseconds(2500)) == 0.0);
  d.reason = DocReason::Ok;
  CHECK(t.update(d, t0 + std::chrono::milliseconds(2600)) == 0.0);
  CHECK(t.update(d, t0 + std::chrono::milliseconds(3600)) == 1.0);
}
