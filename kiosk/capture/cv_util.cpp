// OpenCV helpers shared by the capture pipelines.
#include "kiosk/capture/cv_util.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <system_error>

#include <opencv2/imgproc.hpp>

#include "drivers/camera/image_codec.hpp"

namespace ow::capture::cvu {

bool load_cascade(cv::CascadeClassifier& cascade, const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return false;
  // CascadeClassifier::load reports a malformed file through cv::Exception in some builds.
  try {
    return cascade.load(file.string()) && !cascade.empty();
  } catch (const cv::Exception&) {
    return false;
  }
}

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
  // A whole-number factor takes OpenCV's fast block-average path (3-4x faster than a
  // fractional INTER_AREA on a 12-megapixel frame).
  const int k = (side + max_side - 1) / max_side;
  const cv::Size size(std::max(1, m.cols / k), std::max(1, m.rows / k));
  scale = 1.0 / k;
  cv::Mat out;
  cv::resize(m, out, size, 0, 0, cv::INTER_AREA);
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
  max_q = std::clamp(max_q, 1, 100);
  min_q = std::clamp(min_q, 1, max_q);
  // Huffman optimisation is a second pass over the coefficients: ~5% smaller for ~30% more time.
  // The quality search already lands near the budget, so it is not worth it on the kiosk's 2 cores.
  auto encode = [](const cv::Mat& img, int q) { return drivers::camera::encode_jpeg(img, q); };
  std::vector<std::uint8_t> out;
  for (int shrink = 0; shrink < 6; ++shrink) {
    // Full-size encodes are the expensive part: choose the quality on a half-size probe, then
    // verify once at full size.
    cv::Mat probe;
    cv::resize(image, probe, cv::Size(std::max(1, image.cols / 2), std::max(1, image.rows / 2)), 0, 0, cv::INTER_AREA);
    const double ratio = 3.0;  // full / half-size JPEG bytes for page images (detail does not scale with area)
    auto estimate = [&](int q) { return static_cast<double>(encode(probe, q).size()) * ratio; };
    const double budget = 0.95 * static_cast<double>(max_bytes);
    int q = max_q;
    const double at_max = estimate(max_q);
    if (at_max > budget) {
      // JPEG size is close to exponential in quality: interpolate log(size) between two probes.
      const int q2 = std::max(min_q, std::min(max_q - 10, 50));
      const double at_q2 = estimate(q2);
      if (at_q2 > budget) {
        q = min_q - 1;  // even low quality is too large: shrink
        if (q2 > min_q && estimate(min_q) <= budget) q = min_q;
      } else {
        const double t = (std::log(budget) - std::log(at_q2)) / std::max(1e-9, std::log(at_max) - std::log(at_q2));
        q = std::clamp(q2 + static_cast<int>(t * (max_q - q2)), q2, max_q);
      }
    }
    // Verify at full size; step down if the estimate was optimistic.
    for (; q >= min_q; q -= 5) {
      out = encode(image, q);
      if (out.size() <= max_bytes) {
        quality_used = q;
        size_used = image.size();
        return out;
      }
    }
    cv::Mat smaller;
    cv::resize(image, smaller, cv::Size(), 0.8, 0.8, cv::INTER_AREA);
    image = smaller;
  }
  quality_used = min_q;
  size_used = image.size();
  return encode(image, min_q);
}

}  // namespace ow::capture::cvu
