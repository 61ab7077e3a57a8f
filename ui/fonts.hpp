#pragma once
// The font atlas: Noto Sans CJK SC, built only from the glyphs the kiosk can show.
#include <filesystem>
#include <string>

#include "kiosk/result.hpp"

struct ImFont;

namespace ow::ui {

struct FontSet {
  ImFont* body = nullptr;   // everything, including free input (GB2312 level 1)
  ImFont* large = nullptr;  // everything too, for headings and elderly mode's body and typed text
  ImFont* title = nullptr;  // UI + catalog text, for the biggest headings
  int glyphs = 0;           // distinct code points across the three sizes
  int atlas_width = 0, atlas_height = 0;
  double build_ms = 0;
  bool from_cache = false;  // loaded from the atlas cache (font_cache.hpp) rather than built
};

struct FontSizes {
  float body = 32, large = 44, title = 60;
};

// Builds the atlas into the current ImGui context. `shown_text` is every UI and catalog string.
// With a `cache_file`, an atlas cached for the same font, sizes and glyphs is loaded from it
// instead, and a built one is written to it.
Result<FontSet> build_fonts(const std::filesystem::path& font_file, int face_index, const std::string& shown_text,
                            FontSizes sizes, const std::filesystem::path& cache_file = {});

}  // namespace ow::ui
