// ZXing-C++ 1.4 reading QR codes from camera frames.
#define ZX_USE_UTF8 1
#include "kiosk/capture/qr.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "kiosk/capture/cv_util.hpp"

namespace ow::capture {

std::vector<std::string> decode_qr(const ImageView& image) try {
  const cv::Mat m = cvu::wrap(image);
  if (m.empty()) return {};
  // A receipt held up to the camera fills a good part of the frame; 1600 px keeps its modules
  // several pixels wide while the search stays fast.
  double scale = 1;
  const cv::Mat gray = cvu::to_gray(cvu::fit(m, 1600, scale));
  const cv::Mat g = gray.isContinuous() ? gray : gray.clone();
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  hints.setMaxNumberOfSymbols(4);
  if (g.cols < 21 || g.rows < 21) return {};  // smaller than the smallest QR code
  const ZXing::ImageView view(g.data, g.cols, g.rows, ZXing::ImageFormat::Lum, static_cast<int>(g.step[0]));
  std::vector<std::string> out;
  for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    const auto& bytes = r.bytes();
    out.emplace_back(bytes.begin(), bytes.end());
  }
  return out;
} catch (const cv::Exception&) {
  return {};
}

}  // namespace ow::capture
