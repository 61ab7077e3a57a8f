#include "kiosk/capture/signature.hpp"

#include <sodium.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "drivers/camera/image_codec.hpp"

namespace ow::capture {

namespace {
float clamp01(float v) { return std::clamp(v, 0.0f, 1.0f); }
}  // namespace

bool signature_substantial(const Strokes& strokes, float min_span) {
  float lo = 1, hi = 0;
  for (const auto& stroke : strokes)
    for (const SignPoint& p : stroke) {
      lo = std::min(lo, clamp01(p.x));
      hi = std::max(hi, clamp01(p.x));
    }
  return hi - lo >= min_span;
}

Result<std::string> signature_png(const Strokes& strokes, int width, int height) {
  if (width < 16 || height < 16 || width > 4000 || height > 4000) return fail("signature size out of range");
  cv::Mat ink(height, width, CV_8UC1, cv::Scalar(255));
  // Ink about as thick as a pen's at the picture's size; round caps join the segments.
  const int thickness = std::max(2, height / 60);
  for (const auto& stroke : strokes) {
    std::vector<cv::Point> pts;
    pts.reserve(stroke.size());
    for (const SignPoint& p : stroke)
      pts.emplace_back(static_cast<int>(clamp01(p.x) * static_cast<float>(width - 1)),
                       static_cast<int>(clamp01(p.y) * static_cast<float>(height - 1)));
    if (pts.size() == 1) cv::circle(ink, pts[0], thickness, cv::Scalar(0), cv::FILLED, cv::LINE_AA);
    if (pts.size() > 1) cv::polylines(ink, pts, false, cv::Scalar(0), thickness, cv::LINE_AA);
  }
  std::vector<std::uint8_t> png = drivers::camera::encode_png(ink);
  const bool ok = !png.empty();
  // The raster is the signature too: it does not linger in freed memory.
  sodium_memzero(ink.data, ink.total());
  if (!ok) return fail("cannot encode the signature as PNG");
  std::string out(png.begin(), png.end());
  sodium_memzero(png.data(), png.size());
  return out;
}

}  // namespace ow::capture
