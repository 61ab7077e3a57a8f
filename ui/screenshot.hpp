#pragma once
#include <SDL.h>

#include <filesystem>

namespace ow::ui {

// Saves what the renderer has drawn so far (call before SDL_RenderPresent) as a PNG.
bool save_screenshot(SDL_Renderer* renderer, const std::filesystem::path& path);

}  // namespace ow::ui
