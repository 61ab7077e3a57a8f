#pragma once
// A 1-bit image as thermal printers take it: rows of bytes, most significant bit leftmost, 1 = black.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ow::drivers::printer {

struct Raster {
  int width = 0;   // dots
  int height = 0;  // rows
  std::vector<std::uint8_t> bits;

  Raster() = default;
  Raster(int w, int h) : width(w), height(h), bits(static_cast<std::size_t>(stride_for(w)) * static_cast<std::size_t>(h)) {}

  static int stride_for(int w) { return (w + 7) / 8; }
  int stride() const { return stride_for(width); }
  bool empty() const { return width <= 0 || height <= 0; }

  bool get(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    return (bits[index(x, y)] & mask(x)) != 0;
  }
  void set(int x, int y, bool black = true) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    if (black) {
      bits[index(x, y)] |= mask(x);
    } else {
      bits[index(x, y)] &= static_cast<std::uint8_t>(~mask(x));
    }
  }
  void fill_rect(int x, int y, int w, int h) {
    for (int yy = y; yy < y + h; ++yy)
      for (int xx = x; xx < x + w; ++xx) set(xx, yy);
  }
  // Grows downwards with white rows (paper is a roll: height is open-ended while laying out).
  void resize_height(int h) {
    height = h;
    bits.resize(static_cast<std::size_t>(stride()) * static_cast<std::size_t>(h), 0);
  }

 private:
  std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(stride()) + static_cast<std::size_t>(x / 8);
  }
  static std::uint8_t mask(int x) { return static_cast<std::uint8_t>(0x80u >> (x % 8)); }
};

}  // namespace ow::drivers::printer
