// The font atlas cache: a start-up with the same font, sizes and glyphs loads the atlas built
// before; new glyphs or a damaged file mean a build (issue 25).
#include <doctest/doctest.h>
#include <imgui.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "kiosk/config.hpp"
#include "ui/font_cache.hpp"
#include "ui/fonts.hpp"

namespace fs = std::filesystem;

namespace {
struct CacheDir {
  CacheDir() : path(fs::temp_directory_path() / ("ow-font-cache-" + std::to_string(::getpid()))) { fs::create_directories(path); }
  ~CacheDir() { fs::remove_all(path); }
  fs::path path;
};

ow::Result<ow::ui::FontSet> build(const std::string& text, const fs::path& cache) {
  const ow::Config c = ow::default_config();
  return ow::ui::build_fonts(c.font_file, c.font_index, text, ow::ui::FontSizes{32, 44, 60}, cache);
}

std::vector<unsigned char> pixels() {
  const ImFontAtlas& a = *ImGui::GetIO().Fonts;
  return {a.TexPixelsAlpha8, a.TexPixelsAlpha8 + static_cast<std::size_t>(a.TexWidth) * static_cast<std::size_t>(a.TexHeight)};
}
}  // namespace

TEST_CASE("an atlas loaded from the cache is the atlas that was built") {
  CacheDir dir;
  const fs::path cache = dir.path / "font-atlas.bin";
  ImGui::CreateContext();
  auto built = build("办事指南", cache);
  REQUIRE_MESSAGE(built, built.error().message);
  CHECK_FALSE(built->from_cache);
  REQUIRE(fs::exists(cache));
  const auto built_pixels = pixels();
  const ImFontGlyph built_glyph = *built->title->FindGlyphNoFallback(static_cast<ImWchar>(U'办'));
  const int built_count = built->body->Glyphs.Size;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;

  auto loaded = build("办事指南", cache);
  REQUIRE_MESSAGE(loaded, loaded.error().message);
  CHECK(loaded->from_cache);
  CHECK(loaded->atlas_width == built->atlas_width);
  CHECK(loaded->atlas_height == built->atlas_height);
  CHECK(loaded->body->Glyphs.Size == built_count);
  CHECK(pixels() == built_pixels);
  const ImFontGlyph* g = loaded->title->FindGlyphNoFallback(static_cast<ImWchar>(U'办'));
  REQUIRE(g);
  CHECK(std::memcmp(g, &built_glyph, sizeof *g) == 0);
  CHECK(ImGui::GetIO().Fonts->TexUvWhitePixel.x == white.x);
  CHECK(ImGui::GetIO().Fonts->IsBuilt());
  // Text lays out with the loaded metrics as with the built ones.
  CHECK(loaded->body->CalcTextSizeA(32, 1e9f, 0, "办事指南 ABC").x > 0);
  ImGui::DestroyContext();
}

TEST_CASE("new glyphs in the catalog change the key: the atlas is built again, with them") {
  const std::vector<unsigned char> a{1, 2, 3}, b{1, 2, 4};
  const ow::Config c = ow::default_config();
  CHECK(ow::ui::font_cache_key(c.font_file, a) != ow::ui::font_cache_key(c.font_file, b));
  CHECK(ow::ui::font_cache_key(c.font_file, a) == ow::ui::font_cache_key(c.font_file, a));

  CacheDir dir;
  const fs::path cache = dir.path / "font-atlas.bin";
  ImGui::CreateContext();
  REQUIRE(build("办事指南", cache));
  // 翮 is not a GB2312 level-1 character: only the new catalog text brings it into the atlas.
  auto rebuilt = build("办事指南翮", cache);
  REQUIRE(rebuilt);
  CHECK_FALSE(rebuilt->from_cache);
  CHECK(rebuilt->title->FindGlyphNoFallback(static_cast<ImWchar>(U'翮')));
  auto again = build("办事指南翮", cache);
  REQUIRE(again);
  CHECK(again->from_cache);  // the rebuilt atlas replaced the old one in the cache
  ImGui::DestroyContext();
}

TEST_CASE("a damaged or truncated cache file is ignored and replaced") {
  CacheDir dir;
  const fs::path cache = dir.path / "font-atlas.bin";
  ImGui::CreateContext();
  REQUIRE(build("办事指南", cache));
  const auto size = fs::file_size(cache);
  {
    std::fstream f(cache, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x5a');
    f.seekp(static_cast<std::streamoff>(size / 2 + 1));
    f.put('\xa5');
  }
  auto damaged = build("办事指南", cache);
  REQUIRE(damaged);
  CHECK_FALSE(damaged->from_cache);
  CHECK(damaged->title->FindGlyphNoFallback(static_cast<ImWchar>(U'办')));
  CHECK(build("办事指南", cache)->from_cache);  // written again, intact

  fs::resize_file(cache, size / 3);
  auto truncated = build("办事指南", cache);
  REQUIRE(truncated);
  CHECK_FALSE(truncated->from_cache);
  CHECK(truncated->body->FindGlyphNoFallback(static_cast<ImWchar>(U'事')));
  ImGui::DestroyContext();
}
