#pragma once
// The kiosk's CJK font (Noto Sans CJK SC, a face of a .ttc collection) drawn into 1-bit rasters
// for receipts and tickets, through stb_truetype. One instance per thread: it caches glyphs.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drivers/printer/raster.hpp"
#include "kiosk/result.hpp"

namespace ow::receipt {

class Font {
 public:
  static Result<std::unique_ptr<Font>> load(const std::filesystem::path& file, int face_index);
  ~Font();
  Font(const Font&) = delete;
  Font& operator=(const Font&) = delete;

  // Width in dots of `utf8` with an em (one CJK character) of `px` dots.
  int text_width(std::string_view utf8, int px);
  // Draws `utf8` with the top of its em box at `top` and the pen starting at `x`; a glyph is black where coverage ≥ 50 %.
  // `bold` draws each glyph twice, one dot apart (thermal heads render thin strokes faintly).
  void draw(drivers::printer::Raster& r, int x, int top, std::string_view utf8, int px, bool bold = false);
  // Whether the font has a glyph for the code point (to warn about text it would show as boxes).
  bool has_glyph(char32_t cp) const;

 private:
  struct Glyph {
    int advance = 0;   // dots
    int x0 = 0, y0 = 0;  // bitmap offset from the pen position and baseline
    int w = 0, h = 0;
    std::vector<std::uint8_t> coverage;
  };
  struct Impl;
  explicit Font(std::unique_ptr<Impl> impl);
  const Glyph& glyph(char32_t cp, int px);

  std::unique_ptr<Impl> impl_;
  std::unordered_map<std::uint64_t, Glyph> cache_;
};

// Decodes one UTF-8 code point at `i` and advances `i`; invalid bytes yield U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i);

}  // namespace ow::receipt
