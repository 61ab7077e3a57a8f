// Document pipeline on generated frames: the corners land near the truth under rotation,
// perspective, shadow and noise; blurred, dark, bright, glaring, cut-off and empty views are
// refused with the right reason; accepted pages come out at the format's size within budget.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kiosk/capture/document.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

using namespace ow::capture;
using ow::capture::test::make_frame;
using ow::capture::test::SynthOptions;

namespace {

ImageView view_of(const cv::Mat& m) {
  return ImageView{m.data, m.cols, m.rows, m.channels(), m.step[0]};
}

double corner_error(const PageDetection& d, const std::array<cv::Point2f, 4>& truth) {
  double worst = 0;
  for (std::size_t i = 0; i < 4; ++i)
    worst = std::max(worst, std::hypot(static_cast<double>(d.corners[i].x - truth[i].x), static_cast<double>(d.corners[i].y - truth[i].y)));
  return worst;
}

}  // namespace

TEST_CASE("page corners land within a few pixels of the truth under random rotation, perspective, shadow and noise") {
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> rot(-20, 20), persp(0, 0.05), shadow(0, 0.5), noise(0, 6), blur(0, 0.8);
  int checked = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    SynthOptions o;
    o.seed = seed;
    o.rotation_deg = rot(rng);
    o.perspective = persp(rng);
    o.shadow = shadow(rng);
    o.noise_sigma = noise(rng);
    o.blur_sigma = blur(rng);
    o.page_height = 0.72;
    const auto f = make_frame(o);
    const auto d = detect_page(view_of(f.image));
    CAPTURE(seed);
    CAPTURE(o.rotation_deg);
    CAPTURE(d.quality.sharpness);
    CAPTURE(d.quality.brightness);
    REQUIRE(d.found);
    CHECK(corner_error(d, f.corners) < 3.0);
    CHECK(d.reason == DocReason::Ok);
    ++checked;
  }
  CHECK(checked == 12);
}

TEST_CASE("blurred, dark, bright, glaring, small, cut-off and empty views are refused with the reason") {
  SynthOptions base;
  base.seed = 5;
  base.rotation_deg = 6;
  base.page_height = 0.75;
  {
    SynthOptions o = base;
    o.blur_sigma = 3.0;
    const auto d = detect_page(view_of(make_frame(o).image));
    CAPTURE(d.quality.sharpness);
    CHECK(d.found);
    CHECK(d.reason == DocReason::TooBlurred);
  }
  {
    SynthOptions o = base;
    o.exposure = 0.25;
    const auto d = detect_page(view_of(make_frame(o).image));
    CAPTURE(d.quality.brightness);
    CHECK(d.reason == DocReason::TooDark);
  }
  {
    SynthOptions o = base;
    o.exposure = 1.9;
    const auto d = detect_page(view_of(make_frame(o).image));
    CAPTURE(d.quality.brightness);
    CHECK(d.reason == DocReason::TooBright);
  }
  {
    SynthOptions o = base;
    o.glare = true;
    const auto d = detect_page(view_of(make_frame(o).image));
    CAPTURE(d.quality.glare);
    CHECK(d.reason == DocReason::Glare);
  }
  {
    SynthOptions o = base;
    o.page_height = 0.3;
    const auto d = detect_page(view_of(make_frame(o).image));
    CHECK(d.found);
    CHECK(d.reason == DocReason::PageTooSmall);
  }
  {
    SynthOptions o = base;
    o.shift_x = 0.42;
    const auto d = detect_page(view_of(make_frame(o).image));
    CHECK(d.found);
    CHECK(d.touches_border);
    CHECK(d.reason == DocReason::PageCutOff);
  }
  {
    SynthOptions o = base;
    o.page_height = 0.0;  // an empty desk
    const auto d = detect_page(view_of(make_frame(o).image));
    CHECK_FALSE(d.found);
    CHECK(d.reason == DocReason::PageNotFound);
  }
}

TEST_CASE("an accepted page is flattened to A4 at 200 dpi and fits the size budget") {
  SynthOptions o;
  o.seed = 9;
  o.rotation_deg = -12;
  o.perspective = 0.04;
  o.shadow = 0.45;
  o.noise_sigma = 3;
  o.width = 1600;
  o.height = 1200;
  const auto f = make_frame(o);
  PageOptions po;
  const auto page = capture_page(view_of(f.image), po);
  REQUIRE(page);
  CHECK(page->width == 1654);
  CHECK(page->height == 2339);
  CHECK(page->jpeg.size() <= po.max_bytes);
  CHECK(page->quality >= po.min_quality);
  const cv::Mat decoded = cv::imdecode(page->jpeg.to_vector(), cv::IMREAD_GRAYSCALE);
  REQUIRE(!decoded.empty());
  // The shadowed corner and the lit corner are both paper-white after lighting normalisation.
  const double lit = cv::mean(decoded(cv::Rect(40, 40, 60, 60)))[0];
  const double shaded = cv::mean(decoded(cv::Rect(decoded.cols - 100, decoded.rows - 100, 60, 60)))[0];
  CHECK(std::abs(lit - shaded) < 20);
  CHECK(shaded > 200);

  po.binarize = true;
  po.format = PageFormat::Free;
  const auto bw = capture_page(view_of(f.image), po);
  REQUIRE(bw);
  CHECK(bw->gray);
  CHECK(bw->jpeg.size() <= po.max_bytes);
  CHECK(bw->height > bw->width);
  po.format = PageFormat::IdCard;
  po.binarize = false;
  const auto card = capture_page(view_of(f.image), po);
  REQUIRE(card);
  CHECK(card->width == 638);
  CHECK(card->height == 1011);
}

TEST_CASE("a small size budget is met by lowering quality, then resolution") {
  const auto f = make_frame(SynthOptions{});
  PageOptions po;
  po.max_bytes = 40 * 1024;
  const auto page = capture_page(view_of(f.image), po);
  REQUIRE(page);
  CHECK(page->jpeg.size() <= po.max_bytes);
}

TEST_CASE("random, corrupt, tiny and zero-size images never crash the pipeline") {
  std::mt19937 rng(77);
  CHECK(detect_page(ImageView{}).reason == DocReason::BadImage);
  CHECK(!capture_page(ImageView{}, PageOptions{}));
  CHECK(!process_scan(ImageView{}, 200, PageOptions{}));
  std::uint8_t one[3] = {1, 2, 3};
  CHECK(detect_page(ImageView{one, 1, 1, 3, 3}).reason == DocReason::BadImage);
  CHECK(detect_page(ImageView{one, 1, 1, 3, 1}).reason == DocReason::BadImage);  // stride too short
  CHECK(detect_page(ImageView{one, 1, 1, 2, 3}).reason == DocReason::BadImage);  // unsupported channels
  for (int i = 0; i < 25; ++i) {
    const int w = 1 + static_cast<int>(rng() % 400), h = 1 + static_cast<int>(rng() % 300);
    cv::Mat m(h, w, (i % 2) ? CV_8UC3 : CV_8UC1);
    cv::randu(m, 0, 256);
    if (i % 3 == 0) cv::GaussianBlur(m, m, cv::Size(0, 0), 1.0 + static_cast<double>(rng() % 8));
    const auto v = view_of(m);
    const auto d = detect_page(v);
    (void)process_page(v, d, PageOptions{});
    (void)capture_page(v, PageOptions{});
    (void)process_scan(v, 1 + static_cast<int>(rng() % 600), PageOptions{});
  }
  // A detection from another image must not be applied to this one.
  const auto f = make_frame(SynthOptions{});
  const auto d = detect_page(view_of(f.image));
  cv::Mat other(100, 100, CV_8UC3, cv::Scalar::all(128));
  CHECK(!process_page(view_of(other), d, PageOptions{}));
  // Corrupt JPEG bytes decode to nothing, which the pipeline refuses.
  std::vector<std::uint8_t> junk(500);
  for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
  junk[0] = 0xFF;
  junk[1] = 0xD8;
  const cv::Mat bad = cv::imdecode(junk, cv::IMREAD_COLOR);
  CHECK(detect_page(view_of(bad)).reason == DocReason::BadImage);
}

TEST_CASE("a flatbed scan is deskewed, resampled to the output dpi and encoded") {
  // A 300 dpi scan of a whole A4 page, slightly rotated on the glass.
  cv::Mat content = ow::capture::test::make_page_content(2480 / 2, 3508 / 2, 3);
  cv::Mat rotated;
  cv::warpAffine(content, rotated, cv::getRotationMatrix2D(cv::Point2f(620, 877), 2.0, 1.0), content.size(), cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  const auto page = process_scan(view_of(rotated), 150, PageOptions{});
  REQUIRE(page);
  CHECK(page->width == 1240);  // 150 dpi is below the 200 dpi target: never upscaled
  CHECK(page->jpeg.size() <= 300u * 1024u);
}

TEST_CASE("an ID card on the scanner glass is cropped to the card") {
  cv::Mat glass(1200, 1000, CV_8UC3, cv::Scalar(245, 245, 245));  // white lid, 150 dpi
  const cv::Mat card = ow::capture::test::make_page_content(506, 319, 4);  // 85.6 x 54 mm at 150 dpi
  cv::Mat darker;
  card.convertTo(darker, -1, 0.85, 0);  // card stock is a little darker than the lid
  darker.copyTo(glass(cv::Rect(120, 150, 506, 319)));
  PageOptions po;
  po.format = PageFormat::IdCard;
  const auto page = process_scan(view_of(glass), 150, po);
  REQUIRE(page);
  CHECK(page->width == 1011);  // ID cards are kept at 300 dpi
  CHECK(page->height == 638);
}
