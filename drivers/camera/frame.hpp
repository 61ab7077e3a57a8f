#pragma once
// One camera frame as plain pixels, so code that shows or stores frames needs no OpenCV headers.
#include <chrono>
#include <cstdint>
#include <vector>

namespace ow::drivers::camera {

struct Frame {
  int width = 0;
  int height = 0;
  int channels = 3;                  // 3: BGR, 1: gray; rows packed, width * channels bytes each
  std::vector<std::uint8_t> pixels;
  std::uint64_t sequence = 0;        // increases by one per frame the source delivered
  std::chrono::steady_clock::time_point captured{};
  // The same picture ready for a texture, made on the capture thread so the UI thread only uploads
  // it: bytes R,G,B,A, width × height, rows packed. Empty for stills and scanned pages.
  std::vector<std::uint8_t> rgba;
  std::chrono::nanoseconds rgba_cost{};  // what making `rgba` cost the capture thread (for the bench)

  bool empty() const { return width <= 0 || height <= 0 || pixels.size() < row_bytes() * static_cast<std::size_t>(height); }
  std::size_t row_bytes() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(channels); }
  bool has_rgba() const { return !empty() && rgba.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4; }
};

}  // namespace ow::drivers::camera
