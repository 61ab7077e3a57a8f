#pragma once
// Face capture for matters that need a photo of the applicant: exactly one face, centred, large
// enough, sharp and evenly lit, with a reason the citizen can act on. This only checks that a
// usable photo was taken; it makes no identity claim (the platform verifies identity).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <tl/expected.hpp>

#include "kiosk/capture/document.hpp"
#include "kiosk/capture/image_view.hpp"
#include "kiosk/result.hpp"

namespace ow::capture {

enum class FaceReason {
  Ok,
  NoFace,
  MultipleFaces,
  NotCentred,
  TooFar,
  TooClose,
  TooBlurred,
  TooDark,
  TooBright,
  UnevenLight,  // one side of the face much darker than the other
  BadImage,
};

struct FaceBox {
  float x = 0, y = 0, width = 0, height = 0;  // pixels
};

struct FaceMetrics {
  double sharpness = 0;   // variance of the Laplacian inside the face
  double brightness = 0;  // mean grey level inside the face
  double evenness = 1;    // darker half / brighter half of the face, 0..1
};

struct FaceThresholds {
  double min_size = 0.22, max_size = 0.70;  // face height as a fraction of the frame height
  double max_offset = 0.12;                 // face centre from the frame centre, fraction of width/height
  double min_sharpness = 25;
  double min_brightness = 60, max_brightness = 215;
  double min_evenness = 0.55;
};

struct FaceCheck {
  FaceReason reason = FaceReason::NoFace;
  std::size_t faces = 0;
  std::optional<FaceBox> face;  // the one face, when exactly one was found
  FaceMetrics metrics;
};

// The rules alone, for detections and metrics from anywhere.
FaceReason judge_face(const std::vector<FaceBox>& faces, int width, int height, const FaceMetrics& metrics,
                      const FaceThresholds& thresholds = {});

class FaceChecker {
 public:
  static constexpr const char* kDefaultCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
  static Result<std::unique_ptr<FaceChecker>> create(const std::filesystem::path& cascade = kDefaultCascade,
                                                     FaceThresholds thresholds = {});
  ~FaceChecker();
  FaceChecker(const FaceChecker&) = delete;
  FaceChecker& operator=(const FaceChecker&) = delete;

  // Not thread-safe: use one checker per thread.
  FaceCheck check(const ImageView& image);
  // A head-and-shoulders crop around an accepted face, as JPEG within `max_bytes`.
  tl::expected<PageImage, FaceReason> photo(const ImageView& image, const FaceCheck& check, std::size_t max_bytes = 80 * 1024);

 private:
  struct Impl;
  explicit FaceChecker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::capture
