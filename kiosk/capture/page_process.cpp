// From a found page to the JPEG that is uploaded: perspective correction to the format's shape,
// deskew, lighting normalisation, optional binarization and size-bounded encoding.
#include <algorithm>
#include <chrono>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "kiosk/capture/cv_util.hpp"
#include "kiosk/capture/document.hpp"

namespace ow::capture {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point& t) {
  const auto now = Clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}

int mm_to_px(double mm, int dpi) { return std::max(1, static_cast<int>(std::lround(mm / 25.4 * dpi))); }

// Output size in pixels for the page's measured side lengths.
cv::Size target_size(PageFormat format, int dpi, double measured_w, double measured_h) {
  const bool landscape = measured_w > measured_h;
  double long_mm, short_mm;
  switch (format) {
    case PageFormat::A4: long_mm = 297; short_mm = 210; break;
    case PageFormat::IdCard: long_mm = 85.6; short_mm = 54; dpi = std::max(dpi, 300); break;
    case PageFormat::Free:
    default: {
      // The page's own proportions, with the longer side no longer than A4's at this dpi and
      // no more than the camera actually saw (upscaling adds bytes, not detail).
      const double ratio = std::max(measured_w, measured_h) / std::max(1.0, std::min(measured_w, measured_h));
      const double long_px = std::min<double>(mm_to_px(297, dpi), std::max(measured_w, measured_h));
      const int l = std::max(16, static_cast<int>(std::lround(long_px)));
      const int s = std::max(16, static_cast<int>(std::lround(long_px / ratio)));
      return landscape ? cv::Size(l, s) : cv::Size(s, l);
    }
  }
  const int l = mm_to_px(long_mm, dpi), s = mm_to_px(short_mm, dpi);
  return landscape ? cv::Size(l, s) : cv::Size(s, l);
}

// Residual text skew in degrees: the rotation that makes the row profile of the ink sharpest.
double skew_angle(const cv::Mat& gray) {
  double scale = 1;
  const cv::Mat small = cvu::fit(gray, 500, scale);
  cv::Mat ink;
  cv::adaptiveThreshold(small, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15, 15);
  if (static_cast<std::size_t>(cv::countNonZero(ink)) < small.total() / 200) return 0;  // too little text to tell
  const cv::Point2f centre(static_cast<float>(small.cols) / 2.f, static_cast<float>(small.rows) / 2.f);
  auto score = [&](double angle) {
    cv::Mat rotated, rows;
    cv::warpAffine(ink, rotated, cv::getRotationMatrix2D(centre, angle, 1.0), ink.size(), cv::INTER_NEAREST);
    cv::reduce(rotated, rows, 1, cv::REDUCE_SUM, CV_64F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(rows, mean, stddev);
    return stddev[0];
  };
  double best = 0, best_score = score(0);
  for (double a = -5; a <= 5.01; a += 1) {
    if (a == 0) continue;
    const double s = score(a);
    if (s > best_score) best_score = s, best = a;
  }
  const double coarse = best;
  for (double a = coarse - 0.8; a <= coarse + 0.81; a += 0.2) {
    const double s = score(a);
    if (s > best_score) best_score = s, best = a;
  }
  return best;
}

cv::Mat deskew(const cv::Mat& page) {
  const double angle = skew_angle(cvu::to_gray(page));
  if (std::abs(angle) < 0.3) return page;
  cv::Mat out;
  const cv::Point2f centre(static_cast<float>(page.cols) / 2.f, static_cast<float>(page.rows) / 2.f);
  cv::warpAffine(page, out, cv::getRotationMatrix2D(centre, angle, 1.0), page.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

// Divides each channel by its paper background (text removed by a dilation on a small copy), so
// shadows and uneven light become white paper.
cv::Mat normalize_lighting(const cv::Mat& page) {
  // A whole-number reduction takes OpenCV's fast block-average path (a fractional INTER_AREA on a
  // 4-megapixel page costs several times more).
  const int k = std::max(1, (std::max(page.cols, page.rows) + 159) / 160);
  cv::Mat small, background;
  cv::resize(page, small, cv::Size(std::max(1, page.cols / k), std::max(1, page.rows / k)), 0, 0, cv::INTER_AREA);
  cv::dilate(small, background, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(7, 7)));
  cv::GaussianBlur(background, background, cv::Size(9, 9), 0);
  cv::resize(background, background, page.size(), 0, 0, cv::INTER_LINEAR);
  cv::max(background, cv::Scalar::all(24), background);  // a black page stays dark instead of exploding noise
  cv::Mat out;
  cv::divide(page, background, out, 245.0);
  return out;
}

// Camera pages are already square to the page after perspective correction; scans of a page laid
// askew on the glass are not.
tl::expected<PageImage, DocReason> finish(cv::Mat page, bool straighten, const PageOptions& o, StageTimes* times, Clock::time_point& t) {
  if (straighten) page = deskew(page);
  if (times) times->deskew += ms_since(t);
  if (o.normalize_lighting) page = normalize_lighting(page);
  if (times) times->normalize += ms_since(t);
  PageImage img;
  if (o.binarize) {
    cv::Mat gray = cvu::to_gray(page), bw;
    cv::threshold(gray, bw, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    page = bw;
  }
  img.gray = page.channels() == 1;
  if (times) times->binarize += ms_since(t);
  cv::Size size;
  img.jpeg = cvu::encode_jpeg(page, o.max_bytes, o.max_quality, o.min_quality, img.quality, size);
  img.width = size.width;
  img.height = size.height;
  if (times) times->encode += ms_since(t);
  if (img.jpeg.empty()) return tl::unexpected(DocReason::BadImage);
  return img;
}

// True when the scan around the quad is plain (the scanner lid), so the quad is a card or slip
// lying on the glass rather than a table or frame printed on a full page.
bool plain_around(const cv::Mat& scan, const PageDetection& det) {
  double f = 1;
  const cv::Mat gray = cvu::to_gray(cvu::fit(scan, 400, f));
  std::vector<cv::Point> quad;
  cv::Point2f centre(0, 0);
  for (const auto& c : det.corners) centre += cv::Point2f(c.x, c.y) * 0.25f;
  for (const auto& c : det.corners) {
    const cv::Point2f grown = centre + (cv::Point2f(c.x, c.y) - centre) * 1.06f;  // stay clear of the edge's blur
    quad.emplace_back(cvRound(grown.x * f), cvRound(grown.y * f));
  }
  cv::Mat outside(gray.size(), CV_8U, cv::Scalar(255));
  cv::fillConvexPoly(outside, quad, cv::Scalar(0));
  if (cv::countNonZero(outside) < static_cast<int>(gray.total() / 20)) return false;
  cv::Scalar mean, stddev;
  cv::meanStdDev(gray, mean, stddev, outside);
  return stddev[0] < 12;
}

tl::expected<PageImage, DocReason> process_unguarded(const ImageView& view, const PageDetection& det, const PageOptions& o,
                                                     StageTimes* times) {
  const cv::Mat full = cvu::wrap(view);
  if (full.empty() || !det.found || det.image_width != full.cols || det.image_height != full.rows || o.dpi < 50 || o.dpi > 600)
    return tl::unexpected(full.empty() ? DocReason::BadImage : DocReason::PageNotFound);
  auto t = Clock::now();
  std::vector<cv::Point2f> src;
  for (const auto& c : det.corners) src.emplace_back(c.x, c.y);
  auto dist = [](cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); };
  const double w = (dist(src[0], src[1]) + dist(src[3], src[2])) / 2, h = (dist(src[0], src[3]) + dist(src[1], src[2])) / 2;
  if (w < 8 || h < 8) return tl::unexpected(DocReason::PageNotFound);
  const cv::Size size = target_size(o.format, o.dpi, w, h);
  const std::vector<cv::Point2f> dst = {{0, 0}, {static_cast<float>(size.width), 0},
                                        {static_cast<float>(size.width), static_cast<float>(size.height)}, {0, static_cast<float>(size.height)}};
  cv::Mat page;
  cv::warpPerspective(full, page, cv::getPerspectiveTransform(src, dst), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  if (times) times->warp += ms_since(t);
  return finish(page, false, o, times, t);
}

tl::expected<PageImage, DocReason> scan_unguarded(const ImageView& view, int scan_dpi, const PageOptions& o) {
  const cv::Mat scan = cvu::wrap(view);
  if (scan.empty() || scan_dpi <= 0) return tl::unexpected(DocReason::BadImage);
  // A card or small slip on the glass: crop to it. A full page touches the scan edges: keep all.
  const auto det = detect_page(view);
  if (det.found && !det.touches_border && det.quality.area > 0.02 && det.quality.area < 0.9 && plain_around(scan, det)) {
    PageOptions po = o;
    po.dpi = std::min(o.dpi, scan_dpi);
    return process_unguarded(view, det, po, nullptr);
  }
  auto t = Clock::now();
  cv::Mat page = scan;
  const double f = static_cast<double>(o.dpi) / scan_dpi;
  if (f < 0.99) cv::resize(scan, page, cv::Size(), f, f, cv::INTER_AREA);
  return finish(page, true, o, nullptr, t);
}

}  // namespace

// OpenCV reports impossible inputs by throwing; a bad frame or scan must never end the kiosk.
tl::expected<PageImage, DocReason> process_page(const ImageView& view, const PageDetection& det, const PageOptions& o,
                                                StageTimes* times) {
  try {
    return process_unguarded(view, det, o, times);
  } catch (const cv::Exception&) {
    return tl::unexpected(DocReason::BadImage);
  }
}

tl::expected<PageImage, DocReason> process_scan(const ImageView& view, int scan_dpi, const PageOptions& o) {
  try {
    return scan_unguarded(view, scan_dpi, o);
  } catch (const cv::Exception&) {
    return tl::unexpected(DocReason::BadImage);
  }
}

tl::expected<PageImage, DocReason> capture_page(const ImageView& view, const PageOptions& o, const QualityThresholds& th,
                                                StageTimes* times) {
  const auto det = detect_page(view, th, times);
  if (det.reason != DocReason::Ok) return tl::unexpected(det.reason);
  return process_page(view, det, o, times);
}

}  // namespace ow::capture
