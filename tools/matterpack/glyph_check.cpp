#include "tools/matterpack/glyph_check.hpp"

#include <stb/stb_truetype.h>

#include <fstream>
#include <iterator>

#include "kiosk/catalog/pinyin.hpp"

namespace ow::matterpack {

struct GlyphCheck::Impl {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
};

GlyphCheck::GlyphCheck() : impl_(std::make_unique<Impl>()) {}
GlyphCheck::GlyphCheck(GlyphCheck&&) noexcept = default;
GlyphCheck::~GlyphCheck() = default;

Result<GlyphCheck> GlyphCheck::open(const std::filesystem::path& font, int face) {
  std::ifstream in(font, std::ios::binary);
  if (!in) return fail("cannot open the kiosk font " + font.string() + " (Debian package fonts-noto-cjk)");
  GlyphCheck g;
  g.impl_->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const int offset = stbtt_GetFontOffsetForIndex(g.impl_->data.data(), face);
  if (offset < 0 || !stbtt_InitFont(&g.impl_->info, g.impl_->data.data(), offset))
    return fail(font.string() + " has no usable face " + std::to_string(face));
  return g;
}

std::vector<char32_t> GlyphCheck::missing(const std::string& text) const {
  std::vector<char32_t> out;
  for (char32_t c : catalog::utf8_to_u32(text)) {
    if (c < 0x20 || c == 0x7F) continue;
    if (c == 0xFFFD || stbtt_FindGlyphIndex(&impl_->info, static_cast<int>(c)) == 0) out.push_back(c);
  }
  return out;
}

}  // namespace ow::matterpack
