#pragma once
// A live camera picture (or a scanned page) on screen: the newest frame uploaded to a texture
// (only when it changed) and drawn into a box, keeping its shape. A camera frame brings its RGBA
// pixels made by the capture thread, so the UI thread only uploads them; a scanned page (BGR or
// gray) is converted here, once. The texture may show personal data: reset() with the session.
#include <SDL.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "drivers/camera/frame.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

class CameraView {
 public:
  CameraView() = default;
  ~CameraView() { reset(); }
  CameraView(const CameraView&) = delete;
  CameraView& operator=(const CameraView&) = delete;

  // Fills the box at the cursor (dark without a frame) and moves the cursor past it. Returns
  // where the picture went (min, max), to draw an overlay in fractions of the frame.
  std::pair<ImVec2, ImVec2> draw(UiContext& ctx, const drivers::camera::Frame* frame, ImVec2 box);
  void reset();

 private:
  void upload(SDL_Renderer* renderer, const drivers::camera::Frame& f);
  SDL_Texture* texture_ = nullptr;
  Uint32 format_ = 0;
  int width_ = 0, height_ = 0;
  std::uint64_t sequence_ = 0;
  const void* pixels_ = nullptr;  // scanned pages all have sequence 1: their buffer tells them apart
  std::vector<std::uint8_t> bgr_;
};

}  // namespace ow::ui
