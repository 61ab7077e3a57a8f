#include "ui/fonts.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

#include "kiosk/log.hpp"
#include "ui/font_cache.hpp"
#include "ui/gb2312.hpp"

namespace ow::ui {

namespace {
void add_utf8(std::set<ImWchar>& set, const std::string& text) {
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c >= 0x20 && c <= 0xFFFF) set.insert(static_cast<ImWchar>(c));
  }
}

// ImGui glyph ranges: pairs of [first, last], zero-terminated; one pair per code point is fine.
std::vector<ImWchar> to_ranges(const std::set<ImWchar>& set) {
  std::vector<ImWchar> ranges;
  for (ImWchar c : set) {
    if (!ranges.empty() && ranges.back() + 1 == c) {
      ranges.back() = c;
    } else {
      ranges.push_back(c);
      ranges.push_back(c);
    }
  }
  ranges.push_back(0);
  return ranges;
}

// resize + memcpy rather than insert: GCC 12 at -O3 reports a false -Warray-bounds for the
// insert of a few bytes into a vector that grows (its known -O3 false positives).
template <class T>
void append(std::vector<unsigned char>& out, const T* data, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n * sizeof(T));
  std::memcpy(out.data() + at, data, n * sizeof(T));
}

constexpr int kTexWidth = 4096;

FontSet fonts_of(const ImFontAtlas& atlas, int glyphs) {
  FontSet set;
  set.body = atlas.Fonts[0];
  set.large = atlas.Fonts[1];
  set.title = atlas.Fonts[2];
  set.glyphs = glyphs;
  set.atlas_width = atlas.TexWidth;
  set.atlas_height = atlas.TexHeight;
  return set;
}
}  // namespace

Result<FontSet> build_fonts(const std::filesystem::path& font_file, int face_index, const std::string& shown_text,
                            FontSizes sizes, const std::filesystem::path& cache_file) {
  const auto start = std::chrono::steady_clock::now();
  std::set<ImWchar> shown;
  for (ImWchar c = 0x20; c < 0x7F; ++c) shown.insert(c);
  add_utf8(shown, shown_text);
  std::set<ImWchar> everything = shown;
  for (char32_t c : gb2312_level1()) everything.insert(static_cast<ImWchar>(c));
  // CJK punctuation and full-width forms a citizen may type.
  for (ImWchar c = 0x3000; c <= 0x3011; ++c) everything.insert(c);
  for (ImWchar c = 0xFF01; c <= 0xFF5E; ++c) everything.insert(c);

  // The ranges and the font data must outlive Build(), which runs below.
  const std::vector<ImWchar> body_ranges = to_ranges(everything);
  const std::vector<ImWchar> shown_ranges = to_ranges(shown);

  ImGuiIO& io = ImGui::GetIO();
  std::vector<unsigned char> inputs;
  append(inputs, &face_index, 1);
  append(inputs, &sizes, 1);
  append(inputs, &kTexWidth, 1);
  append(inputs, body_ranges.data(), body_ranges.size());
  append(inputs, shown_ranges.data(), shown_ranges.size());
  const FontCacheKey key = font_cache_key(font_file, inputs);
  if (!cache_file.empty() && load_font_atlas(cache_file, key, *io.Fonts)) {
    FontSet set = fonts_of(*io.Fonts, static_cast<int>(everything.size()));
    set.from_cache = true;
    set.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return set;
  }

  std::ifstream in(font_file, std::ios::binary);
  if (!in) return fail("cannot read font " + font_file.string() + " (install fonts-noto-cjk)");
  const std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  io.Fonts->Clear();
  io.Fonts->TexDesiredWidth = kTexWidth;
  // The atlas is as tall as its glyphs need, not rounded up to a power of two (which would double
  // a 4096×4500 texture to 4096×8192).
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // one copy of the 20 MB collection, ours
  cfg.FontNo = face_index;
  cfg.OversampleH = 1;  // CJK glyphs are dense enough; 3× would triple the atlas
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  const int size = static_cast<int>(data.size());
  // ImGui takes the data as mutable but does not write to it when it does not own it.
  void* font_data = const_cast<char*>(data.data());
  FontSet set;
  set.body = io.Fonts->AddFontFromMemoryTTF(font_data, size, sizes.body, &cfg, body_ranges.data());
  // The large size is elderly mode's body text: what a citizen types there (and the pinyin
  // candidates offered) needs the GB2312 level-1 characters at that size too. The title size
  // shows only UI and catalog text.
  set.large = io.Fonts->AddFontFromMemoryTTF(font_data, size, sizes.large, &cfg, body_ranges.data());
  set.title = io.Fonts->AddFontFromMemoryTTF(font_data, size, sizes.title, &cfg, shown_ranges.data());
  if (!set.body || !set.large || !set.title || !io.Fonts->Build())
    return fail("cannot build the font atlas from " + font_file.string());
  io.Fonts->ClearInputData();  // the font file buffer goes away with this function
  set = fonts_of(*io.Fonts, static_cast<int>(everything.size()));
  if (!cache_file.empty())
    if (auto saved = save_font_atlas(cache_file, key, *io.Fonts); !saved) log::warn("ui", saved.error().message);
  set.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return set;
}

}  // namespace ow::ui
