// Face checks with OpenCV's Haar cascade (Debian opencv-data) on a downscaled, equalised copy.
#include "kiosk/capture/face.hpp"

#include <algorithm>
#include <cmath>
#include <system_error>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "kiosk/capture/cv_util.hpp"

namespace ow::capture {

FaceReason judge_face(const std::vector<FaceBox>& faces, int width, int height, const FaceMetrics& m, const FaceThresholds& t) {
  if (width <= 0 || height <= 0) return FaceReason::BadImage;
  if (faces.empty()) return FaceReason::NoFace;
  if (faces.size() > 1) return FaceReason::MultipleFaces;
  const FaceBox& f = faces.front();
  const double w = width, h = height;
  const double size = f.height / h;
  if (size < t.min_size) return FaceReason::TooFar;
  if (size > t.max_size) return FaceReason::TooClose;
  const double dx = (f.x + f.width / 2) / w - 0.5, dy = (f.y + f.height / 2) / h - 0.5;
  if (std::abs(dx) > t.max_offset || std::abs(dy) > t.max_offset) return FaceReason::NotCentred;
  if (m.brightness < t.min_brightness) return FaceReason::TooDark;
  if (m.brightness > t.max_brightness) return FaceReason::TooBright;
  if (m.evenness < t.min_evenness) return FaceReason::UnevenLight;
  if (m.sharpness < t.min_sharpness) return FaceReason::TooBlurred;
  return FaceReason::Ok;
}

struct FaceChecker::Impl {
  cv::CascadeClassifier cascade;
  FaceThresholds thresholds;
};

FaceChecker::FaceChecker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceChecker::~FaceChecker() = default;

Result<std::unique_ptr<FaceChecker>> FaceChecker::create(const std::filesystem::path& cascade, FaceThresholds thresholds) {
  auto impl = std::make_unique<Impl>();
  impl->thresholds = thresholds;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(cascade, ec)) return fail("face detector " + cascade.string() + " not found (package opencv-data)");
  if (!cvu::load_cascade(impl->cascade, cascade))
    return fail("cannot load the face detector " + cascade.string() + " (package opencv-data)");
  return std::unique_ptr<FaceChecker>(new FaceChecker(std::move(impl)));
}

FaceCheck FaceChecker::check(const ImageView& view) try {
  FaceCheck out;
  const cv::Mat img = cvu::wrap(view);
  if (img.empty() || img.cols < 32 || img.rows < 32) {
    out.reason = FaceReason::BadImage;
    return out;
  }
  double scale = 1;
  const cv::Mat gray = cvu::to_gray(cvu::fit(img, 640, scale));
  cv::Mat eq;
  cv::equalizeHist(gray, eq);
  std::vector<cv::Rect> found;
  const int min_side = std::max(24, static_cast<int>(gray.rows * impl_->thresholds.min_size * 0.6));
  impl_->cascade.detectMultiScale(eq, found, 1.1, 5, 0, cv::Size(min_side, min_side));
  std::vector<FaceBox> boxes;
  for (const auto& r : found)
    boxes.push_back(FaceBox{static_cast<float>(r.x / scale), static_cast<float>(r.y / scale), static_cast<float>(r.width / scale),
                            static_cast<float>(r.height / scale)});
  out.faces = boxes.size();
  if (boxes.size() == 1) {
    out.face = boxes.front();
    // Metrics on the un-equalised face, so lighting problems stay visible.
    const cv::Rect r = found.front() & cv::Rect(0, 0, gray.cols, gray.rows);
    const cv::Mat face = gray(r);
    out.metrics.brightness = cv::mean(face)[0];
    out.metrics.sharpness = cvu::sharpness(face, cv::Mat());
    const double left = cv::mean(face(cv::Rect(0, 0, r.width / 2, r.height)))[0];
    const double right = cv::mean(face(cv::Rect(r.width / 2, 0, r.width - r.width / 2, r.height)))[0];
    out.metrics.evenness = std::min(left, right) / std::max(1.0, std::max(left, right));
  }
  out.reason = judge_face(boxes, img.cols, img.rows, out.metrics, impl_->thresholds);
  return out;
} catch (const cv::Exception&) {
  FaceCheck bad;
  bad.reason = FaceReason::BadImage;
  return bad;
}

tl::expected<PageImage, FaceReason> FaceChecker::photo(const ImageView& view, const FaceCheck& check, std::size_t max_bytes) try {
  const cv::Mat img = cvu::wrap(view);
  if (img.empty()) return tl::unexpected(FaceReason::BadImage);
  if (check.reason != FaceReason::Ok || !check.face) return tl::unexpected(check.reason);
  // Head and shoulders, in the 3:4 shape of an ID photo.
  const FaceBox& f = *check.face;
  const float cx = f.x + f.width / 2, cy = f.y + f.height * 0.6f;
  const float h = f.height * 2.2f, w = h * 0.75f;
  const cv::Rect crop = cv::Rect(cvRound(cx - w / 2), cvRound(cy - h / 2), cvRound(w), cvRound(h)) & cv::Rect(0, 0, img.cols, img.rows);
  if (crop.width < 16 || crop.height < 16) return tl::unexpected(FaceReason::BadImage);
  cv::Mat out = img(crop).clone();
  if (out.rows > 640) {
    double s = 1;
    out = cvu::fit(out, 640, s);
  }
  PageImage p;
  cv::Size size;
  p.jpeg = cvu::encode_jpeg(out, max_bytes, 90, 50, p.quality, size);
  p.width = size.width;
  p.height = size.height;
  p.gray = out.channels() == 1;
  return p;
} catch (const cv::Exception&) {
  return tl::unexpected(FaceReason::BadImage);
}

}  // namespace ow::capture
