// `matterpack preview` as an operator runs it: the kiosk program renders a sample matter's and a
// bundle's detail, form, materials and pre-review screens in both modes and orientations; every
// PNG is there, at the screen's size, and shows a screen (not one colour); screens a matter does not
// have are notes, a screen not reached is a failure; an unknown code and a missing kiosk program are
// refused with a message and a non-zero exit.
#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "kiosk/catalog/catalog.hpp"
#include "tests/temp_dir.hpp"
#include "tests/tools/run_matterpack.hpp"

namespace fs = std::filesystem;

namespace {
using ow::test::matterpack;
using ow::test::Run;
using ow::test::slurp;

// A screen, not a blank: its size, and many colours with none covering nearly all of it.
void check_png(const fs::path& png, int width, int height) {
  INFO(png.string());
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 3);
  REQUIRE(px);
  CHECK(w == width);
  CHECK(h == height);
  std::set<std::uint32_t> colours;
  std::size_t same_as_first = 0;
  const std::size_t count = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* p = px + 3 * i;
    if (colours.size() <= 50) colours.insert(static_cast<std::uint32_t>(p[0] << 16 | p[1] << 8 | p[2]));
    same_as_first += p[0] == px[0] && p[1] == px[1] && p[2] == px[2];
  }
  stbi_image_free(px);
  CHECK(colours.size() > 50);  // text is anti-aliased: a screen with writing has many
  CHECK(same_as_first < count * 95 / 100);
}

std::string code_of(const std::string& name) {
  auto cat = ow::catalog::load_catalog(OW_SAMPLE_CATALOG);
  REQUIRE(cat);
  for (const auto& m : cat->matters)
    if (m.name == name) return m.code;
  for (const auto& b : cat->bundles)
    if (b.name == name) return b.code;
  FAIL("no matter or bundle named " << name);
  return "";
}

void check_preview(const fs::path& dir, const std::string& code, std::vector<std::string> extra = {}) {
  const fs::path out = dir / code;
  std::vector<std::string> args = {"preview", OW_SAMPLE_CATALOG, code, "--out", out.string(), "--kiosk", OW_KIOSK_BIN};
  args.insert(args.end(), extra.begin(), extra.end());
  const Run r = matterpack(dir, args);
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  for (const std::string screen : {"detail", "form", "materials", "prereview"}) {
    for (const std::string mode : {"standard", "elderly"}) {
      const fs::path landscape = out / (code + "-" + screen + "-landscape-" + mode + ".png");
      const fs::path portrait = out / (code + "-" + screen + "-portrait-" + mode + ".png");
      CHECK(r.out.find(landscape.string()) != std::string::npos);  // listed as written
      check_png(landscape, 1920, 1080);
      check_png(portrait, 1080, 1920);
    }
  }
  // Four different screens, not one screen four times.
  std::set<std::string> shots;
  for (const std::string screen : {"detail", "form", "materials", "prereview"})
    shots.insert(slurp(out / (code + "-" + screen + "-landscape-standard.png")));
  CHECK(shots.size() == 4);
}
}  // namespace

TEST_CASE("preview renders a matter's screens with the kiosk, both modes and orientations") {
  TempDir tmp("mp-preview-matter");
  check_preview(tmp.path, code_of("城乡居民基本养老保险参保登记"));
}

TEST_CASE("preview renders a bundle's merged screens") {
  TempDir tmp("mp-preview-bundle");
  check_preview(tmp.path, code_of("新生儿出生一件事"));
}

TEST_CASE("preview with the ID card simulator: the sample card is read, the form shows what it filled") {
  TempDir tmp("mp-preview-card");
  const std::string code = code_of("城乡居民基本养老保险参保登记");
  check_preview(tmp.path, code, {"--devsim", OW_DEVSIM_BIN});
  // Without a card the same form is empty: the card's name and number make it another picture.
  TempDir plain("mp-preview-nocard");
  const Run r = matterpack(plain.path, {"preview", OW_SAMPLE_CATALOG, code, "--out", plain.path.string(), "--kiosk", OW_KIOSK_BIN});
  REQUIRE(r.rc == 0);
  const std::string form = code + "-form-landscape-standard.png";
  CHECK(slurp(tmp.path / code / form) != slurp(plain.path / form));
}

TEST_CASE("preview: screens a matter does not have are notes; a screen not reached is a failure with the kiosk's reason") {
  TempDir tmp("mp-preview-partial");
  const std::string code = code_of("社会保障卡挂失");  // no materials, and nothing for the check to find
  Run r = matterpack(tmp.path, {"preview", OW_SAMPLE_CATALOG, code, "--out", (tmp.path / "a").string(), "--kiosk", OW_KIOSK_BIN});
  INFO(r.out << r.err);
  CHECK(r.rc == 0);
  CHECK(r.out.find("note: materials: not shown — this application needs no materials") != std::string::npos);
  CHECK(r.out.find("note: prereview: not shown — the check found nothing") != std::string::npos);
  CHECK(r.out.find("8 screenshots in") != std::string::npos);
  check_png(tmp.path / "a" / (code + "-form-portrait-elderly.png"), 1080, 1920);

  // Two required yes/no fields: their 是 buttons share one label, so the script's taps set the first
  // one twice; the second stays empty, the form stays, and the preview says where it stopped.
  const fs::path src = tmp.path / "catalog";
  fs::copy(OW_SAMPLE_CATALOG, src, fs::copy_options::recursive);
  const fs::path file = src / "matters" / "01_social_insurance.json";
  auto doc = nlohmann::json::parse(slurp(file));
  for (auto& m : doc["matters"])
    if (m["code"] == code)
      for (const char* key : {"lost_abroad", "lost_again"})
        m["fields"].push_back({{"key", key}, {"label", key}, {"type", "bool"}, {"required", true}});
  std::ofstream(file, std::ios::trunc) << doc.dump(1);
  r = matterpack(tmp.path, {"preview", src.string(), code, "--out", (tmp.path / "b").string(), "--kiosk", OW_KIOSK_BIN});
  CHECK(r.rc == 1);
  CHECK(fs::exists(tmp.path / "b" / (code + "-form-landscape-standard.png")));
  CHECK(r.err.find("prereview (landscape, standard): not reached, kiosk exit") != std::string::npos);
  CHECK(r.err.find("failed on screen form") != std::string::npos);
}

TEST_CASE("preview refuses an unknown code and a missing kiosk program") {
  TempDir tmp("mp-preview-errors");
  Run r = matterpack(tmp.path, {"preview", OW_SAMPLE_CATALOG, "NO-SUCH-CODE", "--out", (tmp.path / "o").string(), "--kiosk", OW_KIOSK_BIN});
  CHECK(r.rc != 0);
  CHECK(r.err.find("no matter or bundle with code \"NO-SUCH-CODE\"") != std::string::npos);
  r = matterpack(tmp.path, {"preview", OW_SAMPLE_CATALOG, code_of("城乡居民基本养老保险参保登记"), "--out",
                            (tmp.path / "o").string(), "--kiosk", (tmp.path / "no-kiosk").string()});
  CHECK(r.rc != 0);
  CHECK(r.err.find("no-kiosk is missing or not executable; give its path with --kiosk") != std::string::npos);
}
