#pragma once
// The card photo is a 1024-byte WLT blob that only proprietary vendor libraries decode. When the
// configuration names such a library, it is loaded with dlopen and its wlt2bmp-style entry point
//   int unpack(char* wlt1024, char* bgr_out, int save_bmp)   // 1 = decoded
// fills 102×126 BGR pixels (38556 bytes). Without one the photo stays raw: never a made-up image.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "drivers/device_error.hpp"

namespace ow::drivers::idcard {

inline constexpr int kPhotoWidth = 102, kPhotoHeight = 126;
inline constexpr std::size_t kPhotoBgrSize = 102 * 126 * 3;

struct DecodedPhoto {
  int width = kPhotoWidth, height = kPhotoHeight;
  std::vector<std::uint8_t> bgr;  // rows top to bottom, 3 bytes per pixel
};

class PhotoDecoder {
 public:
  // An empty path: no decoder. `symbol` is the entry point's name in the vendor library.
  explicit PhotoDecoder(std::filesystem::path library = {}, std::string symbol = "unpack");
  ~PhotoDecoder();
  PhotoDecoder(const PhotoDecoder&) = delete;
  PhotoDecoder& operator=(const PhotoDecoder&) = delete;

  bool available() const { return fn_ != nullptr; }
  // Why no decoder is available (for the technician), empty when one is.
  const std::string& problem() const { return problem_; }
  // Unsupported "photo not decodable" without a library; DeviceStatus when the library refuses.
  DeviceResult<DecodedPhoto> decode(std::span<const std::uint8_t> wlt) const;

 private:
  using UnpackFn = int (*)(char*, char*, int);
  void* lib_ = nullptr;
  UnpackFn fn_ = nullptr;
  std::string problem_;
};

}  // namespace ow::drivers::idcard
