#pragma once
// A borrowed view of 8-bit pixels (BGR or gray) from a camera frame or a scanned page, so the
// capture code takes either without copying and its headers need no OpenCV.
#include <cstddef>
#include <cstdint>

#include "drivers/camera/frame.hpp"
#include "drivers/scanner/scanner.hpp"

namespace ow::capture {

struct ImageView {
  const std::uint8_t* data = nullptr;
  int width = 0, height = 0;
  int channels = 3;        // 3: BGR, 1: gray
  std::size_t stride = 0;  // bytes per row

  bool valid() const {
    return data && width > 0 && height > 0 && (channels == 1 || channels == 3) &&
           stride >= static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
  }
  static ImageView of(const drivers::camera::Frame& f) {
    if (f.empty()) return {};
    return ImageView{f.pixels.data(), f.width, f.height, f.channels, f.row_bytes()};
  }
  static ImageView of(const drivers::scanner::ScannedPage& p) {
    const std::size_t row = static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.channels);
    if (p.width <= 0 || p.height <= 0 || p.pixels.size() < row * static_cast<std::size_t>(p.height)) return {};
    return ImageView{p.pixels.data(), p.width, p.height, p.channels, row};
  }
};

}  // namespace ow::capture
