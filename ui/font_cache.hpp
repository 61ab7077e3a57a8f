#pragma once
// The built font atlas on disk, so a start-up loads it in milliseconds instead of rasterising ~4,000
// CJK glyphs at three sizes again (250–420 ms, issue 25). The key covers everything the atlas is
// made from: the font file (path, size, modification time), the face, the sizes and the glyph set
// (the catalog's text changes it). A file with another key, a bad checksum or a short read is
// ignored; the caller builds and writes a new one.
#include <array>
#include <filesystem>
#include <vector>

#include <imgui.h>

#include "kiosk/result.hpp"

namespace ow::ui {

using FontCacheKey = std::array<unsigned char, 32>;

// `inputs` is every byte that decides the atlas besides the font file (sizes, ranges, flags).
FontCacheKey font_cache_key(const std::filesystem::path& font_file, const std::vector<unsigned char>& inputs);
// Writes the built atlas (its alpha pixels must still be there), through a temporary file and a rename.
Result<void> save_font_atlas(const std::filesystem::path& file, const FontCacheKey& key, const ImFontAtlas& atlas);
// Replaces the atlas's fonts and pixels with the file's when its key matches and it is intact.
bool load_font_atlas(const std::filesystem::path& file, const FontCacheKey& key, ImFontAtlas& atlas);

}  // namespace ow::ui
