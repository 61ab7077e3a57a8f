#include "ui/screenshot.hpp"

#include <zlib.h>

#include <cstdlib>
#include <vector>

namespace {
// stb's own deflate took a quarter of a scripted kiosk run's CPU (perf, 1920x1080 screenshots);
// zlib's fastest level does the same job in a fraction of that. stb frees the buffer with free().
unsigned char* deflate_fast(unsigned char* data, int length, int* out_length, int /*quality*/) {
  uLongf size = compressBound(static_cast<uLong>(length));
  auto* out = static_cast<unsigned char*>(std::malloc(size));
  if (out == nullptr) return nullptr;
  if (compress2(out, &size, data, static_cast<uLong>(length), Z_BEST_SPEED) != Z_OK) {
    std::free(out);
    return nullptr;
  }
  *out_length = static_cast<int>(size);
  return out;
}
}  // namespace

#define STBIW_ZLIB_COMPRESS deflate_fast
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace ow::ui {

bool save_screenshot(SDL_Renderer* renderer, const std::filesystem::path& path) {
  int w = 0, h = 0;
  if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0) return false;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(), w * 4) != 0) return false;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  return stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4) != 0;
}

}  // namespace ow::ui
