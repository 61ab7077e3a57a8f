#pragma once
// The document pipeline: find the page in a camera frame or scan, judge whether it is good enough
// (with a reason the citizen can act on), and turn it into a flat, even, compact page JPEG.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <tl/expected.hpp>

#include "base/secret.hpp"
#include "kiosk/capture/image_view.hpp"

namespace ow::capture {

enum class PageFormat { A4, IdCard, Free };

// Why a page cannot be taken yet; Ok when it can. The UI maps each to a kiosk/strings.def message.
enum class DocReason {
  Ok,
  PageNotFound,  // no page in view
  PageCutOff,    // the page runs off the edge of the picture
  PageTooSmall,  // the page is too far away / too small in the picture
  TooDark,
  TooBright,
  Glare,         // a bright reflection hides part of the page
  TooBlurred,
  BadImage,      // empty or unreadable image
};

struct Point {
  float x = 0, y = 0;
};

struct QualityThresholds {
  double min_sharpness = 120;   // variance of the Laplacian over the page's textured tiles
  double min_brightness = 70;   // mean grey level of the page
  double max_brightness = 242;
  double max_glare = 0.015;     // fraction of the page that is saturated
  double min_area = 0.12;       // fraction of the picture the page covers
};

struct PageQuality {
  double sharpness = 0, brightness = 0, glare = 0, area = 0;
};

struct PageDetection {
  DocReason reason = DocReason::PageNotFound;
  bool found = false;
  bool touches_border = false;
  std::array<Point, 4> corners{};  // top-left, top-right, bottom-right, bottom-left, in image pixels
  int image_width = 0, image_height = 0;
  PageQuality quality;
};

struct PageOptions {
  PageFormat format = PageFormat::A4;
  int dpi = 200;                      // output resolution for A4 and free pages (ID cards use at least 300)
  bool binarize = false;              // black text on white for plain text documents
  bool normalize_lighting = true;     // remove shadows and uneven light
  std::size_t max_bytes = 300 * 1024; // per page
  int max_quality = 85, min_quality = 40;
};

struct PageImage {
  SecretBytes jpeg;  // a page handed in is personal data: it zeroes itself when let go
  int width = 0, height = 0;
  int quality = 0;
  bool gray = false;
};

// Per-stage milliseconds for the benchmark.
struct StageTimes {
  double downscale = 0, detect = 0, refine = 0, quality = 0, warp = 0, deskew = 0, normalize = 0, binarize = 0, encode = 0;
  double total() const { return downscale + detect + refine + quality + warp + deskew + normalize + binarize + encode; }
};

// Finds the page and rates it. Works on a downscaled copy; the corners are refined against the
// full-resolution edges. Never throws; an unusable image gives BadImage.
PageDetection detect_page(const ImageView& image, const QualityThresholds& thresholds = {}, StageTimes* times = nullptr);

// Perspective-corrects the detected page to the format's shape, deskews, evens the lighting,
// optionally binarizes, and encodes within the size budget.
tl::expected<PageImage, DocReason> process_page(const ImageView& image, const PageDetection& detection,
                                                const PageOptions& options, StageTimes* times = nullptr);

// detect_page, the quality gates, then process_page.
tl::expected<PageImage, DocReason> capture_page(const ImageView& image, const PageOptions& options,
                                                const QualityThresholds& thresholds = {}, StageTimes* times = nullptr);

// A flatbed or feeder scan at `scan_dpi`: crops to the page when a smaller page lies on the
// glass, else keeps the whole scan; deskews, evens the light, resamples to the output dpi, encodes.
tl::expected<PageImage, DocReason> process_scan(const ImageView& scan, int scan_dpi, const PageOptions& options);

}  // namespace ow::capture
