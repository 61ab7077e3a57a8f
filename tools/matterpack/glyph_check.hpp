#pragma once
// Whether the kiosk's font can draw a text: looks every code point up in the font's cmap, so an
// operator learns before signing that a character would show as a blank box on the screen.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/result.hpp"

namespace ow::matterpack {

class GlyphCheck {
 public:
  // `face` is the index inside a .ttc collection (2: Noto Sans CJK SC).
  static Result<GlyphCheck> open(const std::filesystem::path& font, int face);
  GlyphCheck(GlyphCheck&&) noexcept;
  ~GlyphCheck();

  // The characters of `text` the font has no glyph for (control characters are ignored).
  std::vector<char32_t> missing(const std::string& text) const;

 private:
  GlyphCheck();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::matterpack
