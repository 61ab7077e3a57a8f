#include "ui/widgets/camera_view.hpp"

#include <algorithm>

namespace ow::ui {

std::pair<ImVec2, ImVec2> CameraView::draw(UiContext& ctx, const drivers::camera::Frame* frame, ImVec2 box) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, ImVec2(at.x + box.x, at.y + box.y), theme::kText);
  std::pair<ImVec2, ImVec2> placed{at, at};
  if (frame && !frame->empty() && ctx.renderer) {
    upload(ctx.renderer, *frame);
    if (texture_) {
      const float scale = std::min(box.x / static_cast<float>(width_), box.y / static_cast<float>(height_));
      const ImVec2 size(static_cast<float>(width_) * scale, static_cast<float>(height_) * scale);
      const ImVec2 min(at.x + (box.x - size.x) / 2, at.y + (box.y - size.y) / 2);
      placed = {min, ImVec2(min.x + size.x, min.y + size.y)};
      dl->AddImage(reinterpret_cast<ImTextureID>(texture_), placed.first, placed.second);
    }
  }
  ImGui::Dummy(box);
  return placed;
}

void CameraView::reset() {
  if (texture_) SDL_DestroyTexture(texture_);
  texture_ = nullptr;
  format_ = 0;
  width_ = height_ = 0;
  sequence_ = 0;
  pixels_ = nullptr;
  std::fill(bgr_.begin(), bgr_.end(), std::uint8_t{0});
  bgr_.clear();
}

void CameraView::upload(SDL_Renderer* renderer, const drivers::camera::Frame& f) {
  if (f.sequence == sequence_ && f.pixels.data() == pixels_ && texture_) return;
  // RGBA32 is the byte order R,G,B,A on every host, a format the GL renderers take without converting.
  const Uint32 format = f.has_rgba() ? SDL_PIXELFORMAT_RGBA32 : SDL_PIXELFORMAT_BGR24;
  if (!texture_ || format_ != format || width_ != f.width || height_ != f.height) {
    reset();
    texture_ = SDL_CreateTexture(renderer, format, SDL_TEXTUREACCESS_STREAMING, f.width, f.height);
    // The picture is opaque: no blending, which the software renderer would pay for per pixel.
    if (texture_) SDL_SetTextureBlendMode(texture_, SDL_BLENDMODE_NONE);
    format_ = format;
    width_ = f.width;
    height_ = f.height;
  }
  if (!texture_) return;
  if (f.has_rgba()) {
    SDL_UpdateTexture(texture_, nullptr, f.rgba.data(), f.width * 4);
  } else if (f.channels == 3) {
    SDL_UpdateTexture(texture_, nullptr, f.pixels.data(), static_cast<int>(f.row_bytes()));
  } else {
    // Gray pages are widened to BGR once per new page.
    bgr_.resize(static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height) * 3);
    for (std::size_t i = 0; i < bgr_.size() / 3; ++i) bgr_[3 * i] = bgr_[3 * i + 1] = bgr_[3 * i + 2] = f.pixels[i];
    SDL_UpdateTexture(texture_, nullptr, bgr_.data(), f.width * 3);
  }
  sequence_ = f.sequence;
  pixels_ = f.pixels.data();
}

}  // namespace ow::ui
