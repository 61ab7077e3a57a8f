// Finding the page: two candidate outlines on a small copy (the bright paper region, and closed
// edge contours), the one whose sides lie on real edges wins; its sides are then re-fitted to the
// full-resolution edges so the corners land within a pixel or two. Quality is judged on a
// mid-size copy inside the page.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "kiosk/capture/cv_util.hpp"
#include "kiosk/capture/document.hpp"

namespace ow::capture {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kAnalysisSide = 1280, kDetectSide = 640;

double ms_since(Clock::time_point& t) {
  const auto now = Clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}

using Quad = std::array<cv::Point2f, 4>;

// Clockwise from the corner nearest the picture's top-left.
Quad order(std::vector<cv::Point2f> p) {
  cv::Point2f c(0, 0);
  for (const auto& q : p) c += q;
  c *= 0.25f;
  std::sort(p.begin(), p.end(), [&](const cv::Point2f& a, const cv::Point2f& b) {
    return std::atan2(a.y - c.y, a.x - c.x) < std::atan2(b.y - c.y, b.x - c.x);
  });
  std::size_t first = 0;
  for (std::size_t i = 1; i < 4; ++i)
    if (p[i].x + p[i].y < p[first].x + p[first].y) first = i;
  Quad q;
  for (std::size_t i = 0; i < 4; ++i) q[i] = p[(first + i) % 4];
  return q;
}

double quad_area(const Quad& q) {
  std::vector<cv::Point2f> v(q.begin(), q.end());
  return std::abs(cv::contourArea(v));
}

std::optional<Quad> quad_of(const std::vector<cv::Point>& contour) {
  std::vector<cv::Point> hull;
  cv::convexHull(contour, hull);
  if (hull.size() < 4) return std::nullopt;
  const double perimeter = cv::arcLength(hull, true);
  for (double eps = 0.01; eps <= 0.08; eps += 0.005) {
    std::vector<cv::Point> approx;
    cv::approxPolyDP(hull, approx, eps * perimeter, true);
    if (approx.size() == 4) return order({approx.begin(), approx.end()});
    if (approx.size() < 4) break;
  }
  // A page with a bent corner or clipped by the frame: the bounding rotated rectangle.
  cv::Point2f pts[4];
  cv::minAreaRect(hull).points(pts);
  return order({pts, pts + 4});
}

// Fraction of points along the quad's sides that sit on a strong edge of `grad` (a page outline
// is a closed run of edges; a blob of texture is not).
double edge_support(const Quad& q, const cv::Mat& grad) {
  int on = 0, total = 0;
  for (int i = 0; i < 4; ++i) {
    const cv::Point2f a = q[i], b = q[(i + 1) % 4];
    for (int k = 1; k < 40; ++k) {
      const cv::Point2f p = a + (b - a) * (static_cast<float>(k) / 40.f);
      const int x = cvRound(p.x), y = cvRound(p.y);
      if (x < 2 || y < 2 || x >= grad.cols - 2 || y >= grad.rows - 2) continue;  // clipped by the frame
      ++total;
      float best = 0;
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) best = std::max(best, grad.at<float>(y + dy, x + dx));
      if (best > 40.f) ++on;
    }
  }
  return total ? static_cast<double>(on) / total : 0.0;
}

struct Candidate {
  Quad quad;
  double score = 0, area = 0, fill = 0;
  bool border = false;
};

std::optional<Candidate> assess(const std::vector<cv::Point>& contour, const cv::Mat& grad) {
  const double contour_area = cv::contourArea(contour);
  const double image_area = static_cast<double>(grad.cols) * grad.rows;
  if (contour_area < 0.02 * image_area) return std::nullopt;
  auto q = quad_of(contour);
  if (!q) return std::nullopt;
  Candidate c;
  c.quad = *q;
  c.area = quad_area(*q) / image_area;
  c.fill = contour_area / std::max(1.0, quad_area(*q));
  c.score = edge_support(*q, grad);
  int on_border = 0;
  for (const auto& p : contour)
    if (p.x <= 1 || p.y <= 1 || p.x >= grad.cols - 2 || p.y >= grad.rows - 2) ++on_border;
  const float mx = 0.01f * static_cast<float>(grad.cols), my = 0.01f * static_cast<float>(grad.rows);
  for (const auto& p : *q)
    if (p.x < mx || p.y < my || p.x > static_cast<float>(grad.cols) - mx || p.y > static_cast<float>(grad.rows) - my) c.border = true;
  if (on_border > static_cast<int>(contour.size() / 20)) c.border = true;
  return c;
}

std::optional<Candidate> find_candidate(const cv::Mat& small) {
  cv::Mat blurred, gx, gy, grad;
  cv::GaussianBlur(small, blurred, cv::Size(5, 5), 0);
  cv::Sobel(blurred, gx, CV_32F, 1, 0);
  cv::Sobel(blurred, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, grad);

  std::vector<std::vector<cv::Point>> contours;
  std::vector<Candidate> candidates;
  auto consider = [&](const cv::Mat& binary, int how_many) {
    contours.clear();
    cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::sort(contours.begin(), contours.end(), [](const auto& a, const auto& b) { return cv::contourArea(a) > cv::contourArea(b); });
    for (int i = 0; i < std::min<int>(how_many, static_cast<int>(contours.size())); ++i)
      if (auto c = assess(contours[static_cast<std::size_t>(i)], grad)) candidates.push_back(*c);
  };
  // The paper: the bright region, with text holes closed.
  cv::Mat bright;
  cv::threshold(blurred, bright, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(bright, bright, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
  cv::morphologyEx(bright, bright, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  consider(bright, 2);
  // The outline: edges, joined where they break.
  cv::Mat edges;
  // Fixed thresholds: a pale card on a white scanner lid is a step of only ~30 grey levels.
  cv::Canny(blurred, edges, 40, 100);
  cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  consider(edges, 3);

  std::optional<Candidate> best;
  for (const auto& c : candidates) {
    // A page is a filled, convex four-sided shape whose sides are edges.
    if (c.fill < 0.80 || c.score < 0.55) continue;
    if (!best || c.score * std::sqrt(c.area) > best->score * std::sqrt(best->area)) best = c;
  }
  return best;
}

// Luma at a sub-pixel position of a BGR or gray image.
float luma(const cv::Mat& img, float x, float y) {
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const float fx = x - static_cast<float>(x0), fy = y - static_cast<float>(y0);
  auto at = [&](int xx, int yy) -> float {
    if (img.channels() == 1) return img.at<std::uint8_t>(yy, xx);
    const auto& p = img.at<cv::Vec3b>(yy, xx);
    return 0.114f * p[0] + 0.587f * p[1] + 0.299f * p[2];
  };
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

// Re-fits each side to the strongest edge across it in the full-resolution image and intersects
// neighbouring sides.
Quad refine(const cv::Mat& full, Quad q, float radius) {
  std::array<std::optional<cv::Vec4f>, 4> lines;
  const int r = static_cast<int>(std::ceil(radius));
  std::vector<float> profile(static_cast<std::size_t>(2 * r + 1));
  for (int i = 0; i < 4; ++i) {
    const cv::Point2f a = q[static_cast<std::size_t>(i)], b = q[static_cast<std::size_t>((i + 1) % 4)];
    const cv::Point2f d = b - a;
    const float len = std::hypot(d.x, d.y);
    if (len < 8) continue;
    const cv::Point2f n(d.y / len, -d.x / len);
    std::vector<cv::Point2f> pts;
    for (int k = 0; k < 32; ++k) {
      const cv::Point2f base = a + d * (0.08f + 0.84f * static_cast<float>(k) / 31.f);
      bool inside = true;
      for (int j = -r; j <= r && inside; ++j) {
        const cv::Point2f p = base + n * static_cast<float>(j);
        inside = p.x >= 0 && p.y >= 0 && p.x < static_cast<float>(full.cols - 1) && p.y < static_cast<float>(full.rows - 1);
        if (inside) profile[static_cast<std::size_t>(j + r)] = luma(full, p.x, p.y);
      }
      if (!inside) continue;
      int best = -1;
      float best_d = 6.f;  // grey levels per pixel: weaker is not an edge
      for (int j = 2; j < 2 * r - 1; ++j) {
        const float g = std::abs(profile[static_cast<std::size_t>(j + 1)] + profile[static_cast<std::size_t>(j + 2)] -
                                 profile[static_cast<std::size_t>(j - 1)] - profile[static_cast<std::size_t>(j - 2)]) / 6.f;
        if (g > best_d) {
          best_d = g;
          best = j;
        }
      }
      if (best >= 0) pts.push_back(base + n * static_cast<float>(best - r));
    }
    if (pts.size() < 8) continue;
    cv::Vec4f line;
    cv::fitLine(pts, line, cv::DIST_HUBER, 0, 0.01, 0.01);
    lines[static_cast<std::size_t>(i)] = line;
  }
  Quad out = q;
  for (int i = 0; i < 4; ++i) {
    const auto& l1 = lines[static_cast<std::size_t>((i + 3) % 4)];
    const auto& l2 = lines[static_cast<std::size_t>(i)];
    if (!l1 || !l2) continue;
    // Point + t * direction for each line; solve the 2x2 system.
    const float det = (*l1)[0] * (*l2)[1] - (*l1)[1] * (*l2)[0];
    if (std::abs(det) < 1e-3f) continue;
    const float dx = (*l2)[2] - (*l1)[2], dy = (*l2)[3] - (*l1)[3];
    const float t = (dx * (*l2)[1] - dy * (*l2)[0]) / det;
    const cv::Point2f p((*l1)[2] + t * (*l1)[0], (*l1)[3] + t * (*l1)[1]);
    if (std::hypot(p.x - q[static_cast<std::size_t>(i)].x, p.y - q[static_cast<std::size_t>(i)].y) <= 2.5f * radius)
      out[static_cast<std::size_t>(i)] = p;
  }
  return out;
}

PageDetection detect_unguarded(const ImageView& view, const QualityThresholds& th, StageTimes* times) {
  PageDetection det;
  det.reason = DocReason::BadImage;
  const cv::Mat full = cvu::wrap(view);
  if (full.empty()) return det;
  det.image_width = full.cols;
  det.image_height = full.rows;
  if (full.cols < 32 || full.rows < 32) return det;
  auto t = Clock::now();
  double s_analysis = 1, s_small = 1;
  // Grey first: averaging one channel instead of three makes the 12-megapixel reduction ~3x cheaper.
  const cv::Mat analysis = cvu::fit(cvu::to_gray(full), kAnalysisSide, s_analysis);
  const cv::Mat small = cvu::fit(analysis, kDetectSide, s_small);
  if (times) times->downscale += ms_since(t);

  det.reason = DocReason::PageNotFound;
  const auto candidate = find_candidate(small);
  if (times) times->detect += ms_since(t);
  if (!candidate) return det;

  const double to_full = 1.0 / (s_analysis * s_small);
  Quad q = candidate->quad;
  for (auto& p : q) p *= static_cast<float>(to_full);
  q = refine(full, q, static_cast<float>(2.5 * to_full + 3));
  if (times) times->refine += ms_since(t);
  det.found = true;
  det.touches_border = candidate->border;
  for (std::size_t i = 0; i < 4; ++i) det.corners[i] = Point{q[i].x, q[i].y};

  // Quality inside the page, a little in from its edges.
  std::vector<cv::Point> inner;
  cv::Point2f centre(0, 0);
  for (const auto& p : q) centre += p * 0.25f;
  for (const auto& p : q) {
    const cv::Point2f shrunk = centre + (p - centre) * 0.92f;
    inner.emplace_back(cvRound(shrunk.x * s_analysis), cvRound(shrunk.y * s_analysis));
  }
  cv::Mat mask = cv::Mat::zeros(analysis.size(), CV_8U);
  cv::fillConvexPoly(mask, inner, cv::Scalar(255));
  const double inside = cv::countNonZero(mask);
  det.quality.area = quad_area(q) / (static_cast<double>(full.cols) * full.rows);
  if (inside > 0) {
    det.quality.brightness = cv::mean(analysis, mask)[0];
    cv::Mat saturated;
    cv::threshold(analysis, saturated, 249, 255, cv::THRESH_BINARY);
    cv::bitwise_and(saturated, mask, saturated);
    det.quality.glare = cv::countNonZero(saturated) / inside;
    det.quality.sharpness = cvu::sharpness(analysis, mask);
  }
  if (times) times->quality += ms_since(t);

  const auto& qm = det.quality;
  if (det.touches_border) det.reason = DocReason::PageCutOff;
  else if (qm.area < th.min_area) det.reason = DocReason::PageTooSmall;
  else if (qm.brightness < th.min_brightness) det.reason = DocReason::TooDark;
  else if (qm.brightness > th.max_brightness) det.reason = DocReason::TooBright;
  else if (qm.glare > th.max_glare) det.reason = DocReason::Glare;
  else if (qm.sharpness < th.min_sharpness) det.reason = DocReason::TooBlurred;
  else det.reason = DocReason::Ok;
  return det;
}

}  // namespace

PageDetection detect_page(const ImageView& view, const QualityThresholds& th, StageTimes* times) {
  // OpenCV reports impossible inputs by throwing; camera frames must never end the kiosk.
  try {
    return detect_unguarded(view, th, times);
  } catch (const cv::Exception&) {
    PageDetection det;
    det.reason = DocReason::BadImage;
    return det;
  }
}

}  // namespace ow::capture
