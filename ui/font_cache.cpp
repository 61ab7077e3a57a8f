#include "ui/font_cache.hpp"

#include <sodium.h>

#include <cstring>
#include <fstream>
#include <string_view>
#include <system_error>

namespace ow::ui {
namespace {

// Bumped when the layout below or ImGui's glyph and rectangle structs change.
constexpr std::string_view kMagic = "OWFONTATLAS2";
using Digest = std::array<unsigned char, crypto_generichash_BYTES>;

class Writer {
 public:
  template <class T>
  void put(const T& v) {
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof v);
  }
  void put_bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    bytes.insert(bytes.end(), p, p + n);
  }
  std::vector<unsigned char> bytes;
};

class Reader {
 public:
  explicit Reader(const std::vector<unsigned char>& b) : b_(b) {}
  template <class T>
  bool get(T& v) { return get_bytes(&v, sizeof v); }
  bool get_bytes(void* out, std::size_t n) {
    if (b_.size() - pos_ < n) return false;
    std::memcpy(out, b_.data() + pos_, n);
    pos_ += n;
    return true;
  }

 private:
  const std::vector<unsigned char>& b_;
  std::size_t pos_ = 0;
};

Digest digest(const unsigned char* data, std::size_t n) {
  Digest d{};
  crypto_generichash(d.data(), d.size(), data, n, nullptr, 0);
  return d;
}

}  // namespace

FontCacheKey font_cache_key(const std::filesystem::path& font_file, const std::vector<unsigned char>& inputs) {
  Writer w;
  w.put_bytes(kMagic.data(), kMagic.size());
  w.put_bytes(IMGUI_VERSION, sizeof IMGUI_VERSION);
  const std::string path = font_file.string();
  w.put_bytes(path.data(), path.size() + 1);
  std::error_code ec;
  w.put(static_cast<std::uint64_t>(std::filesystem::file_size(font_file, ec)));
  w.put(static_cast<std::int64_t>(std::filesystem::last_write_time(font_file, ec).time_since_epoch().count()));
  w.put_bytes(inputs.data(), inputs.size());
  return digest(w.bytes.data(), w.bytes.size());
}

Result<void> save_font_atlas(const std::filesystem::path& file, const FontCacheKey& key, const ImFontAtlas& atlas) {
  if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) return fail("the font atlas has no pixels to cache");
  Writer w;
  w.put_bytes(kMagic.data(), kMagic.size());
  w.put(key);
  w.put(atlas.TexWidth);
  w.put(atlas.TexHeight);
  w.put(atlas.TexUvWhitePixel);
  w.put(atlas.TexUvLines);
  w.put(atlas.PackIdMouseCursors);
  w.put(atlas.PackIdLines);
  w.put(atlas.CustomRects.Size);
  for (ImFontAtlasCustomRect r : atlas.CustomRects) {
    r.Font = nullptr;  // the atlas's own rectangles (cursors, lines) belong to no font
    w.put(r);
  }
  w.put(atlas.Fonts.Size);
  for (const ImFont* f : atlas.Fonts) {
    w.put(f->FontSize);
    w.put(f->Ascent);
    w.put(f->Descent);
    w.put(f->FallbackChar);
    w.put(f->EllipsisChar);
    w.put(f->DotChar);
    w.put(f->MetricsTotalSurface);
    w.put(f->Glyphs.Size);
    w.put_bytes(f->Glyphs.Data, sizeof(ImFontGlyph) * static_cast<std::size_t>(f->Glyphs.Size));
  }
  w.put_bytes(atlas.TexPixelsAlpha8, static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));
  const Digest sum = digest(w.bytes.data(), w.bytes.size());
  w.put(sum);

  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(w.bytes.data()), static_cast<std::streamsize>(w.bytes.size()));
    if (!out.flush()) return fail("cannot write the font atlas cache " + tmp.string());
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) return fail("cannot write the font atlas cache " + file.string() + ": " + ec.message());
  return {};
}

bool load_font_atlas(const std::filesystem::path& file, const FontCacheKey& key, ImFontAtlas& atlas) {
  // One read of the whole file (~7 MB): no per-byte stream iteration on the start-up path.
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return false;
  std::ifstream in(file, std::ios::binary);
  std::vector<unsigned char> bytes(size);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) return false;
  if (bytes.size() < kMagic.size() + sizeof(Digest)) return false;
  const std::size_t body = bytes.size() - sizeof(Digest);
  if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) return false;
  if (digest(bytes.data(), body) != *reinterpret_cast<const Digest*>(bytes.data() + body)) return false;

  Reader r(bytes);
  std::array<char, kMagic.size()> magic{};
  FontCacheKey stored{};
  int width = 0, height = 0, rects = 0, fonts = 0;
  ImVec2 white{};
  ImVec4 lines[IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1];
  int pack_cursors = -1, pack_lines = -1;
  if (!r.get_bytes(magic.data(), magic.size()) || !r.get(stored) || stored != key) return false;
  if (!r.get(width) || !r.get(height) || !r.get(white) || !r.get(lines) || !r.get(pack_cursors) || !r.get(pack_lines) ||
      !r.get(rects) || width <= 0 || height <= 0 || rects < 0 || rects > 64)
    return false;
  ImVector<ImFontAtlasCustomRect> custom;
  custom.resize(rects);
  for (auto& c : custom)
    if (!r.get(c)) return false;
  if (!r.get(fonts) || fonts <= 0 || fonts > 16) return false;

  struct Loaded {
    float size = 0, ascent = 0, descent = 0;
    ImWchar fallback = 0, ellipsis = 0, dot = 0;
    int surface = 0;
    ImVector<ImFontGlyph> glyphs;
  };
  std::vector<Loaded> loaded(static_cast<std::size_t>(fonts));
  for (auto& f : loaded) {
    int count = 0;
    if (!r.get(f.size) || !r.get(f.ascent) || !r.get(f.descent) || !r.get(f.fallback) || !r.get(f.ellipsis) || !r.get(f.dot) ||
        !r.get(f.surface) || !r.get(count) || count <= 0 || count > 0x20000)
      return false;
    f.glyphs.resize(count);
    if (!r.get_bytes(f.glyphs.Data, sizeof(ImFontGlyph) * static_cast<std::size_t>(count))) return false;
  }
  const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  auto* alpha = static_cast<unsigned char*>(IM_ALLOC(pixels));
  if (!r.get_bytes(alpha, pixels)) {
    IM_FREE(alpha);
    return false;
  }

  atlas.Clear();
  for (auto& f : loaded) {
    ImFont* font = IM_NEW(ImFont);
    font->ContainerAtlas = &atlas;
    font->FontSize = f.size;
    font->Ascent = f.ascent;
    font->Descent = f.descent;
    font->FallbackChar = f.fallback;
    font->EllipsisChar = f.ellipsis;
    font->DotChar = f.dot;
    font->MetricsTotalSurface = f.surface;
    font->Glyphs.swap(f.glyphs);
    font->BuildLookupTable();
    atlas.Fonts.push_back(font);
  }
  atlas.CustomRects.swap(custom);
  atlas.PackIdMouseCursors = pack_cursors;
  atlas.PackIdLines = pack_lines;
  atlas.TexPixelsAlpha8 = alpha;
  atlas.TexWidth = width;
  atlas.TexHeight = height;
  atlas.TexUvScale = ImVec2(1.0f / static_cast<float>(width), 1.0f / static_cast<float>(height));
  atlas.TexUvWhitePixel = white;
  std::memcpy(atlas.TexUvLines, lines, sizeof lines);
  atlas.TexReady = true;
  return true;
}

}  // namespace ow::ui
