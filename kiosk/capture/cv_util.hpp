#pragma once
// Internal to kiosk/capture: OpenCV helpers shared by the capture .cpp files (never include this
// from a header other code includes).
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "kiosk/capture/image_view.hpp"

namespace ow::capture::cvu {

// Wraps the view without copying; empty when the view is invalid.
inline cv::Mat wrap(const ImageView& v) {
  if (!v.valid()) return {};
  return cv::Mat(v.height, v.width, v.channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<std::uint8_t*>(v.data), v.stride);
}

cv::Mat to_gray(const cv::Mat& m);
// Loads a Haar cascade from opencv-data; false when the file is missing, not a cascade, or malformed.
bool load_cascade(cv::CascadeClassifier& cascade, const std::filesystem::path& file);
// Scaled down (INTER_AREA) so the longer side is at most `max_side`; `scale` receives new/old.
cv::Mat fit(const cv::Mat& m, int max_side, double& scale);
// Variance of the Laplacian over the textured part of `gray` inside `mask`: the mean of the
// sharpest fifth of 32-pixel tiles, so blank paper around the text does not read as blur.
double sharpness(const cv::Mat& gray, const cv::Mat& mask);
// JPEG at the highest quality in [min_q, max_q] that fits `max_bytes`, scaling down when even
// min_q does not fit. Returns the bytes and the quality and size used.
std::vector<std::uint8_t> encode_jpeg(cv::Mat image, std::size_t max_bytes, int max_q, int min_q, int& quality_used, cv::Size& size_used);

}  // namespace ow::capture::cvu
