#include "kiosk/receipt/font.hpp"

#include <stb/stb_truetype.h>

#include <cmath>
#include <fstream>
#include <iterator>

namespace ow::receipt {

struct Font::Impl {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
};

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i++]);
  if (b0 < 0x80) return b0;
  int extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1Fu;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0Fu;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07u;
  } else {
    return 0xFFFD;
  }
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3Fu);
  }
  return cp;
}

Result<std::unique_ptr<Font>> Font::load(const std::filesystem::path& file, int face_index) {
  auto impl = std::make_unique<Impl>();
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read font file " + file.string());
  impl->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const int offset = stbtt_GetFontOffsetForIndex(impl->data.data(), face_index);
  if (offset < 0 || !stbtt_InitFont(&impl->info, impl->data.data(), offset)) {
    return fail("font " + file.string() + " has no usable face " + std::to_string(face_index));
  }
  return std::unique_ptr<Font>(new Font(std::move(impl)));
}

Font::Font(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Font::~Font() = default;

bool Font::has_glyph(char32_t cp) const { return stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(cp)) != 0; }

const Font::Glyph& Font::glyph(char32_t cp, int px) {
  const std::uint64_t key = (static_cast<std::uint64_t>(px) << 32) | cp;
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  Glyph g;
  const float scale = stbtt_ScaleForMappingEmToPixels(&impl_->info, static_cast<float>(px));
  const int index = stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(cp));
  int advance = 0, lsb = 0;
  stbtt_GetGlyphHMetrics(&impl_->info, index, &advance, &lsb);
  g.advance = static_cast<int>(std::lround(static_cast<float>(advance) * scale));
  int x1 = 0, y1 = 0;
  stbtt_GetGlyphBitmapBox(&impl_->info, index, scale, scale, &g.x0, &g.y0, &x1, &y1);
  g.w = x1 - g.x0;
  g.h = y1 - g.y0;
  if (g.w > 0 && g.h > 0) {
    g.coverage.resize(static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h));
    stbtt_MakeGlyphBitmap(&impl_->info, g.coverage.data(), g.w, g.h, g.w, scale, scale, index);
  }
  return cache_.emplace(key, std::move(g)).first->second;
}

int Font::text_width(std::string_view utf8, int px) {
  int width = 0;
  for (std::size_t i = 0; i < utf8.size();) width += glyph(next_code_point(utf8, i), px).advance;
  return width;
}

void Font::draw(drivers::printer::Raster& r, int x, int top, std::string_view utf8, int px, bool bold) {
  // The CJK ideographic em box sits from -0.12 em to 0.88 em around the baseline (Noto CJK's
  // BASE table), so an em-high cell at `top` has its baseline 0.88 em down.
  const int baseline = top + static_cast<int>(std::lround(0.88 * px));
  int pen = x;
  for (std::size_t i = 0; i < utf8.size();) {
    const Glyph& g = glyph(next_code_point(utf8, i), px);
    for (int gy = 0; gy < g.h; ++gy) {
      for (int gx = 0; gx < g.w; ++gx) {
        if (g.coverage[static_cast<std::size_t>(gy * g.w + gx)] < 128) continue;
        r.set(pen + g.x0 + gx, baseline + g.y0 + gy);
        if (bold) r.set(pen + g.x0 + gx + 1, baseline + g.y0 + gy);
      }
    }
    pen += g.advance;
  }
}

}  // namespace ow::receipt
