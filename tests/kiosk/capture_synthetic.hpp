#pragma once
// Synthetic camera frames for the capture tests and benchmark: a page of text on a textured
// desk, rotated, in perspective, with blur, shadow, noise, glare, all from a seeded RNG, plus the
// true page corners.
#include <array>
#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

namespace ow::capture::test {

struct SynthOptions {
  int width = 1000, height = 750;
  double page_height = 0.8;       // of the frame height (A4 portrait); 0: an empty desk
  double rotation_deg = 0;
  double perspective = 0;         // corner jitter as a fraction of the page size
  double blur_sigma = 0;
  double shadow = 0;              // darkening at the shadowed side, 0..1
  double noise_sigma = 0;
  double exposure = 1.0;          // multiplies every pixel
  bool glare = false;
  double shift_x = 0;             // page centre offset, as a fraction of the frame width
  bool landscape = false;
  std::uint32_t seed = 1;
};

struct SynthFrame {
  cv::Mat image;                      // BGR
  std::array<cv::Point2f, 4> corners; // page top-left, top-right, bottom-right, bottom-left
};

// A page with text lines, a table and a stamp-like circle.
cv::Mat make_page_content(int width, int height, std::uint32_t seed);
SynthFrame make_frame(const SynthOptions& o);
// A whole page lying flat in a 1280x720 camera picture, written to `path` (a PNG) for a `file:`
// document camera: what tests photograph when a journey needs pages on paper.
bool write_page_photo(const std::string& path);

// A QR code of `text` (libqrencode), `module` pixels per module, with its quiet zone.
cv::Mat qr_image(const std::string& text, int module);
// That QR held up to a 1280x720 camera: tilted, in perspective, soft and noisy.
cv::Mat frame_with_qr(const cv::Mat& qr);

}  // namespace ow::capture::test
