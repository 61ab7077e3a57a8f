// OpenCV helpers shared by the capture pipelines.
#include "kiosk/capture/cv_util.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace ow::capture::cvu {

cv::Mat to_gray(const cv::Mat& m) {
  if (m.channels() == 1) return m;
  cv::Mat g;
  cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
  return g;
}

cv::Mat fit(const cv::Mat& m, int max_side, double& scale) {
  const int side = std::max(m.cols, m.rows);
  if (side <= max_side || side == 0) {
    scale = 1.0;
    return m;
  }
  scale = static_cast<double>(max_side) / side;
  cv::Mat out;
  cv::resize(m, out, cv::Size(std::max(1, cvRound(m.cols * scale)), std::max(1, cvRound(m.rows * scale))), 0, 0, cv::INTER_AREA);
  return out;
}

double sharpness(const cv::Mat& gray, const cv::Mat& mask) {
  if (gray.empty()) return 0;
  cv::Mat lap;
  cv::Laplacian(gray, lap, CV_32F);
  constexpr int kTile = 32;
  std::vector<double> variances;
  for (int y = 0; y + kTile <= gray.rows; y += kTile) {
    for (int x = 0; x + kTile <= gray.cols; x += kTile) {
      const cv::Rect tile(x, y, kTile, kTile);
      if (!mask.empty() && cv::countNonZero(mask(tile)) < kTile * kTile * 9 / 10) continue;
      cv::Scalar mean, stddev;
      cv::meanStdDev(lap(tile), mean, stddev);
      variances.push_back(stddev[0] * stddev[0]);
    }
  }
  if (variances.empty()) return 0;
  const std::size_t top = std::max<std::size_t>(1, variances.size() / 5);
  std::nth_element(variances.begin(), variances.begin() + static_cast<long>(top - 1), variances.end(), std::greater<>());
  double sum = 0;
  for (std::size_t i = 0; i < top; ++i) sum += variances[i];
  return sum / static_cast<double>(top);
}

std::vector<std::uint8_t> encode_jpeg(cv::Mat image, std::size_t max_bytes, int max_q, int min_q, int& quality_used, cv::Size& size_used) {
  std::vector<std::uint8_t> out;
  max_q = std::clamp(max_q, 1, 100);
  min_q = std::clamp(min_q, 1, max_q);
  for (int shrink = 0; shrink < 6; ++shrink) {
    auto encode = [&](int q) {
      out.clear();
      cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, q, cv::IMWRITE_JPEG_OPTIMIZE, 1});
      return out.size();
    };
    std::size_t size = encode(max_q);
    int q = max_q;
    if (size <= max_bytes) {
      quality_used = q;
      size_used = image.size();
      return out;
    }
    // Size falls roughly log-linearly with quality: guess from the first encode, then bisect a
    // few times; a couple of quality steps are not worth another encode each.
    int lo = min_q, hi = max_q - 1;
    std::vector<std::uint8_t> best;
    int best_q = 0;
    const double over = std::log2(static_cast<double>(size) / static_cast<double>(max_bytes));
    q = std::clamp(static_cast<int>(max_q - 25.0 * over), lo, hi);
    for (int tries = 0; tries < 4 && lo <= hi; ++tries) {
      if (encode(q) <= max_bytes) {
        best = out;
        best_q = q;
        lo = q + 1;
      } else {
        hi = q - 1;
      }
      if (lo > hi || (best_q && hi - best_q <= 5)) break;
      q = std::clamp(best_q ? (lo + hi + 1) / 2 : q - 12, lo, hi);
    }
    if (best_q) {
      quality_used = best_q;
      size_used = image.size();
      return best;
    }
    cv::Mat smaller;
    cv::resize(image, smaller, cv::Size(), 0.8, 0.8, cv::INTER_AREA);
    image = smaller;
  }
  quality_used = min_q;
  size_used = image.size();
  return out;
}

}  // namespace ow::capture::cvu
