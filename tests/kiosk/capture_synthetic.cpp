#include "tests/kiosk/capture_synthetic.hpp"

#include <qrencode.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace ow::capture::test {

cv::Mat make_page_content(int width, int height, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> paper(222, 236);
  cv::Mat page(height, width, CV_8UC3, cv::Scalar(paper(rng) - 4, paper(rng), paper(rng)));
  const double unit = width / 420.0;
  const int margin = static_cast<int>(30 * unit);
  const char* words[] = {"APPLICATION", "NAME", "ADDRESS", "DATE", "2026", "OFFICE", "PERMIT", "No.", "SIGN", "ID", "CERTIFICATE", "SEAL"};
  std::uniform_int_distribution<int> pick(0, 11);
  const int line_h = std::max(6, static_cast<int>(16 * unit));
  const int ink = 30 + static_cast<int>(rng() % 30);
  // Title, then body lines of random words.
  cv::putText(page, "GOVERNMENT SERVICE FORM", cv::Point(margin, margin + line_h), cv::FONT_HERSHEY_DUPLEX, 0.55 * unit,
              cv::Scalar(ink, ink, ink), std::max(1, static_cast<int>(unit)), cv::LINE_AA);
  for (int y = margin + 3 * line_h; y < height * 55 / 100; y += line_h) {
    int x = margin;
    while (x < width - margin - static_cast<int>(60 * unit)) {
      const std::string w = words[pick(rng)];
      cv::putText(page, w, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, 0.38 * unit, cv::Scalar(ink, ink, ink + 10),
                  std::max(1, static_cast<int>(unit * 0.8)), cv::LINE_AA);
      x += std::max(1, static_cast<int>(static_cast<double>(w.size() * 8 + 10) * unit));
    }
  }
  // A table.
  const int top = height * 58 / 100, bottom = height * 85 / 100;
  for (int y = top; y <= bottom; y += (bottom - top) / 5)
    cv::line(page, cv::Point(margin, y), cv::Point(width - margin, y), cv::Scalar(ink, ink, ink), std::max(1, static_cast<int>(unit)));
  for (int x = margin; x <= width - margin; x += (width - 2 * margin) / 3)
    cv::line(page, cv::Point(x, top), cv::Point(x, bottom), cv::Scalar(ink, ink, ink), std::max(1, static_cast<int>(unit)));
  cv::circle(page, cv::Point(width * 3 / 4, height * 92 / 100), static_cast<int>(28 * unit), cv::Scalar(40, 40, 200),
             std::max(1, static_cast<int>(2 * unit)), cv::LINE_AA);
  return page;
}

SynthFrame make_frame(const SynthOptions& o) {
  std::mt19937 rng(o.seed);
  // A desk: warm mid-dark wood-like stripes with low-frequency noise. OpenCV's random fills come
  // from generators of this frame's own, never cv::theRNG(), so a frame does not depend on what
  // an earlier test drew.
  cv::Mat desk(o.height, o.width, CV_8UC3);
  cv::Mat low(std::max(2, o.height / 40), std::max(2, o.width / 40), CV_32F);
  cv::RNG(o.seed).fill(low, cv::RNG::UNIFORM, 0, 1);
  cv::resize(low, low, desk.size(), 0, 0, cv::INTER_CUBIC);
  const double base = 70.0 + static_cast<double>(rng() % 40), freq = 0.02 + static_cast<double>(rng() % 100) / 4000.0;
  for (int y = 0; y < o.height; ++y) {
    auto* row = desk.ptr<cv::Vec3b>(y);
    for (int x = 0; x < o.width; ++x) {
      const double v = base + 18 * std::sin(x * freq + 3 * low.at<float>(y, x)) + 20 * (low.at<float>(y, x) - 0.5);
      row[x] = cv::Vec3b(cv::saturate_cast<uchar>(v * 0.6), cv::saturate_cast<uchar>(v * 0.8), cv::saturate_cast<uchar>(v));
    }
  }
  SynthFrame f;
  if (o.page_height <= 0) {
    f.image = desk;
    return f;
  }
  // The page, A4 proportions, placed rotated and in perspective.
  const double ph = o.page_height * (o.landscape ? o.width * 0.75 : o.height), pw = ph * 210.0 / 297.0;
  const double page_w = o.landscape ? ph : pw, page_h = o.landscape ? pw : ph;
  const int cw = std::max(16, static_cast<int>(std::lround(page_w))), ch = std::max(16, static_cast<int>(std::lround(page_h)));
  const cv::Mat content = make_page_content(cw, ch, o.seed * 7 + 1);
  std::uniform_real_distribution<double> jitter(-o.perspective, o.perspective);
  const double a = o.rotation_deg * CV_PI / 180, ca = std::cos(a), sa = std::sin(a);
  const cv::Point2d centre(o.width / 2.0 + o.shift_x * o.width, o.height / 2.0);
  const cv::Point2d local[4] = {{-page_w / 2, -page_h / 2}, {page_w / 2, -page_h / 2}, {page_w / 2, page_h / 2}, {-page_w / 2, page_h / 2}};
  std::vector<cv::Point2f> src = {{0, 0}, {static_cast<float>(cw), 0}, {static_cast<float>(cw), static_cast<float>(ch)}, {0, static_cast<float>(ch)}};
  std::vector<cv::Point2f> dst;
  for (int i = 0; i < 4; ++i) {
    const double x = local[i].x + jitter(rng) * page_w, y = local[i].y + jitter(rng) * page_h;
    f.corners[static_cast<std::size_t>(i)] = cv::Point2f(static_cast<float>(centre.x + x * ca - y * sa), static_cast<float>(centre.y + x * sa + y * ca));
    dst.push_back(f.corners[static_cast<std::size_t>(i)]);
  }
  const cv::Mat h = cv::getPerspectiveTransform(src, dst);
  cv::Mat warped, mask;
  cv::warpPerspective(content, warped, h, desk.size(), cv::INTER_LINEAR);
  cv::warpPerspective(cv::Mat(content.size(), CV_8U, cv::Scalar(255)), mask, h, desk.size(), cv::INTER_LINEAR);
  // Blend along the anti-aliased edge so the true edge sits where the corners say.
  cv::Mat img;
  desk.convertTo(img, CV_32FC3);
  cv::Mat wf, mf;
  warped.convertTo(wf, CV_32FC3);
  mask.convertTo(mf, CV_32F, 1.0 / 255);
  cv::Mat m3;
  cv::merge(std::vector<cv::Mat>{mf, mf, mf}, m3);
  img = img.mul(cv::Scalar::all(1) - m3) + wf.mul(m3);

  if (o.glare) {
    cv::Mat spot = cv::Mat::zeros(img.size(), CV_32F);
    const cv::Point c(static_cast<int>(centre.x + page_w * 0.1), static_cast<int>(centre.y - page_h * 0.15));
    cv::ellipse(spot, c, cv::Size(static_cast<int>(page_w * 0.18), static_cast<int>(page_h * 0.09)), 20, 0, 360, cv::Scalar(1), -1);
    cv::GaussianBlur(spot, spot, cv::Size(0, 0), page_w * 0.02);
    cv::Mat s3;
    cv::merge(std::vector<cv::Mat>{spot, spot, spot}, s3);
    img = img.mul(cv::Scalar::all(1) - s3) + s3 * 255.0;
  }
  if (o.shadow > 0) {
    // A soft diagonal shadow, as cast by the citizen's hand or the camera arm.
    cv::Mat shade(img.size(), CV_32F);
    for (int y = 0; y < shade.rows; ++y)
      for (int x = 0; x < shade.cols; ++x) {
        const double t = std::clamp((static_cast<double>(x) / shade.cols + static_cast<double>(y) / shade.rows - 0.7) * 3.0, 0.0, 1.0);
        shade.at<float>(y, x) = static_cast<float>(1.0 - o.shadow * t);
      }
    cv::Mat s3;
    cv::merge(std::vector<cv::Mat>{shade, shade, shade}, s3);
    img = img.mul(s3);
  }
  img *= o.exposure;
  if (o.blur_sigma > 0) cv::GaussianBlur(img, img, cv::Size(0, 0), o.blur_sigma);
  if (o.noise_sigma > 0) {
    cv::Mat noise(img.size(), CV_32FC3);
    cv::RNG(o.seed).fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(o.noise_sigma));
    img += noise;
  }
  img.convertTo(f.image, CV_8UC3);
  return f;
}

cv::Mat qr_image(const std::string& text, int module) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return {};
  const int quiet = 4, n = code->width;
  cv::Mat img((n + 2 * quiet) * module, (n + 2 * quiet) * module, CV_8UC3, cv::Scalar::all(235));
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (code->data[y * n + x] & 1)
        cv::rectangle(img, cv::Rect((x + quiet) * module, (y + quiet) * module, module, module), cv::Scalar::all(25), cv::FILLED);
  QRcode_free(code);
  return img;
}

cv::Mat frame_with_qr(const cv::Mat& qr) {
  SynthOptions o;
  o.page_height = 0;
  o.width = 1280;
  o.height = 720;
  cv::Mat frame = make_frame(o).image;
  const float s = static_cast<float>(qr.cols);
  const std::vector<cv::Point2f> src = {{0, 0}, {s, 0}, {s, s}, {0, s}};
  const std::vector<cv::Point2f> dst = {{500, 180}, {800, 210}, {780, 520}, {490, 490}};
  cv::Mat mask;
  cv::Mat warped;
  cv::warpPerspective(qr, warped, cv::getPerspectiveTransform(src, dst), frame.size());
  cv::warpPerspective(cv::Mat(qr.size(), CV_8U, cv::Scalar(255)), mask, cv::getPerspectiveTransform(src, dst), frame.size());
  warped.copyTo(frame, mask);
  cv::GaussianBlur(frame, frame, cv::Size(0, 0), 1.2);
  cv::Mat noise(frame.size(), CV_8UC3);
  cv::RNG(o.seed).fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(4));
  frame += noise;
  return frame;
}

bool write_page_photo(const std::string& path) {
  SynthOptions so;
  so.width = 1280;
  so.height = 720;
  so.landscape = true;
  so.page_height = 0.85;
  return cv::imwrite(path, make_frame(so).image);
}

}  // namespace ow::capture::test
