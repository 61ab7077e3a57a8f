#pragma once
// A live camera picture on screen: the newest frame uploaded to a texture (only when it changed)
// and drawn into a box, keeping its shape. The texture may show personal data: reset() with the
// session.
#include <SDL.h>

#include <cstdint>
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

  // Fills the box at the cursor (dark without a frame) and moves the cursor past it.
  void draw(UiContext& ctx, const drivers::camera::Frame* frame, ImVec2 box);
  void reset();

 private:
  void upload(SDL_Renderer* renderer, const drivers::camera::Frame& f);
  SDL_Texture* texture_ = nullptr;
  int width_ = 0, height_ = 0;
  std::uint64_t sequence_ = 0;
  std::vector<std::uint8_t> bgr_;
};

}  // namespace ow::ui
