// The layout audit: contrast, points at a DPI, target and text minimums, clipping, and what the
// widgets record for it.
#include <doctest/doctest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "tests/ui/imgui_frame.hpp"
#include "ui/audit.hpp"
#include "ui/theme.hpp"

namespace audit = ow::ui::audit;
using ow::ui::FrameRecord;
using ow::ui::Target;
using ow::ui::TextRecord;

namespace {
constexpr ImU32 kWhite = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 kBlack = IM_COL32(0, 0, 0, 0xFF);
constexpr ImU32 kGrey77 = IM_COL32(0x77, 0x77, 0x77, 0xFF);
constexpr ImU32 kGrey76 = IM_COL32(0x76, 0x76, 0x76, 0xFF);

audit::Frame frame(bool elderly, float dpi = 96) { return audit::Frame{"home", elderly, 1920, 1080, dpi}; }

Target target(const char* label, float w, float h) {
  return Target{label, ImVec2(100, 100), ImVec2(100 + w, 100 + h), ImVec2(100, 100), ImVec2(100 + w, 100 + h), kWhite,
                kBlack};
}
TextRecord text(const char* s, float font_px, ImU32 color = kBlack, ImU32 background = kWhite) {
  return TextRecord{s, ImVec2(10, 10), ImVec2(110, 50), ImVec2(0, 0), ImVec2(500, 500), false, font_px, color, background};
}
}  // namespace

TEST_CASE("contrast ratios are WCAG 2's, from sRGB relative luminance") {
  CHECK(audit::contrast_ratio(kBlack, kWhite) == doctest::Approx(21.0));
  CHECK(audit::contrast_ratio(kWhite, kWhite) == doctest::Approx(1.0));
  CHECK(audit::contrast_ratio(kGrey77, kWhite) == doctest::Approx(4.48).epsilon(0.002));
  CHECK(audit::contrast_ratio(kWhite, kGrey77) == audit::contrast_ratio(kGrey77, kWhite));
  CHECK(audit::contrast_ratio(kGrey76, kWhite) == doctest::Approx(4.54).epsilon(0.002));
  // #777777 on white just fails AA; #767676 is the lightest grey that passes.
  CHECK_FALSE(audit::check_contrast(text("a", 40, kGrey77, kWhite), frame(false)).empty());
  CHECK(audit::check_contrast(text("a", 40, kGrey76, kWhite), frame(false)).empty());
}

TEST_CASE("pixels become points at the screen's DPI") {
  CHECK(audit::px_to_pt(96, 96) == doctest::Approx(72));
  CHECK(audit::px_to_pt(60, 102) == doctest::Approx(42.35).epsilon(0.001));
  CHECK(audit::px_to_pt(32, 96) == doctest::Approx(24));
}

TEST_CASE("touch targets: 44 pt standard, 60 pt elderly, on both sides") {
  // 59 px at 96 dpi is 44.25 pt; 58 px is 43.5 pt.
  CHECK(audit::check_target(target("ok", 59, 200), frame(false)).empty());
  CHECK_FALSE(audit::check_target(target("thin", 200, 58), frame(false)).empty());
  CHECK_FALSE(audit::check_target(target("narrow", 58, 200), frame(false)).empty());
  // Elderly: 80 px is 60 pt; 79 px is not.
  CHECK(audit::check_target(target("ok", 80, 80), frame(true)).empty());
  CHECK_FALSE(audit::check_target(target("small", 79, 200), frame(true)).empty());
  // A denser panel makes the same pixels smaller: 60 px at 102 dpi is 42.4 pt.
  CHECK_FALSE(audit::check_target(target("dense", 60, 60), frame(false, 102)).empty());
  // The technician's pages keep the standard limit in elderly mode.
  audit::Frame staff = frame(true);
  staff.screen = "maintenance";
  CHECK(audit::check_target(target("pin", 60, 60), staff).empty());
}

TEST_CASE("text size: 18 pt standard, 27 pt elderly") {
  CHECK(audit::check_text_size(text("a", 24), frame(false)).empty());  // 18 pt
  CHECK_FALSE(audit::check_text_size(text("a", 23), frame(false)).empty());
  CHECK(audit::check_text_size(text("a", 36), frame(true)).empty());  // 27 pt
  CHECK_FALSE(audit::check_text_size(text("a", 35), frame(true)).empty());
}

TEST_CASE("clipping: cut sideways always, up or down only where the window does not scroll") {
  TextRecord t = text("a", 32);
  CHECK(audit::check_clipped(t).empty());
  t.clip_max = ImVec2(100, 500);  // the text ends at 110
  CHECK_FALSE(audit::check_clipped(t).empty());
  t = text("a", 32);
  t.clip_max = ImVec2(500, 40);  // the text ends at 50
  CHECK_FALSE(audit::check_clipped(t).empty());
  t.scrolls = true;  // the rest is reached by dragging
  CHECK(audit::check_clipped(t).empty());
  t.clip_min = ImVec2(20, 0);  // but not sideways
  CHECK_FALSE(audit::check_clipped(t).empty());
}

TEST_CASE("off screen: only what is shown counts") {
  const audit::Frame f = frame(false);
  CHECK_FALSE(audit::off_screen(ImVec2(10, 10), ImVec2(100, 100), ImVec2(0, 0), ImVec2(1920, 1080), f));
  CHECK(audit::off_screen(ImVec2(1900, 10), ImVec2(2000, 100), ImVec2(0, 0), ImVec2(3000, 1080), f));
  CHECK(audit::off_screen(ImVec2(-30, 10), ImVec2(100, 100), ImVec2(-100, 0), ImVec2(1920, 1080), f));
  // Clipped away by its window (scrolled out of sight): nothing of it is shown.
  CHECK_FALSE(audit::off_screen(ImVec2(10, 1200), ImVec2(100, 1300), ImVec2(0, 0), ImVec2(1920, 1080), f));
}

TEST_CASE("a frame's report: smallest target and text, lowest contrast, every violation once") {
  FrameRecord rec;
  rec.add_target(target("大按钮", 300, 120));
  rec.add_target(target("小按钮", 300, 50));
  rec.add_text(text("正文", 32));
  rec.add_text(text("小字", 20, kGrey77));
  rec.add_text(text("小字", 20, kGrey77));
  rec.add_text(std::string("no geometry"));  // recorded for the script only
  const audit::Report r = audit::audit_frame(rec, frame(false));
  CHECK(r.smallest_target == "小按钮");
  CHECK(r.smallest_target_pt == doctest::Approx(37.5));
  CHECK(r.smallest_text == "小字");
  CHECK(r.smallest_text_pt == doctest::Approx(15));
  CHECK(r.lowest_contrast_text == "小字");
  CHECK(r.lowest_contrast == doctest::Approx(4.48).epsilon(0.002));
  REQUIRE(r.violations.size() == 3);  // the target, the text's size, its contrast
  CHECK(r.violations[0].kind == "target");
  CHECK(r.violations[1].kind == "text");
  CHECK(r.violations[2].kind == "contrast");

  const auto j = nlohmann::json::parse(audit::to_json(r, "home-theme"));
  CHECK(j["name"] == "home-theme");
  CHECK(j["mode"] == "standard");
  CHECK(j["orientation"] == "landscape");
  CHECK(j["smallest_target"]["label"] == "小按钮");
  CHECK(j["violations"].size() == 3);
}

TEST_CASE("widgets record where their text goes, its size, colour and background") {
  const ow::ui::test::ImGuiFrame imgui;
  ow::ui::theme::apply_style(1.0f);
  FrameRecord rec;
  ow::ui::fill_rect(rec, ImVec2(0, 0), ImVec2(800, 100), ow::ui::theme::kHeader);
  ImGui::SetCursorScreenPos(ImVec2(20, 30));
  ow::ui::text_line(rec, "Title", ow::ui::theme::kOnHeader);
  ImGui::SetCursorScreenPos(ImVec2(20, 200));
  ow::ui::touch_button(rec, "Go", ImVec2(200, 80), ow::ui::ButtonKind::Secondary);
  ImGui::SetCursorScreenPos(ImVec2(20, 300));
  ow::ui::touch_button(rec, "A label far too wide for its button", ImVec2(60, 80));
  ImGui::SetCursorScreenPos(ImVec2(20, 400));
  ow::ui::text(rec, "Body");

  REQUIRE(rec.texts().size() == 4);
  const TextRecord& title = rec.texts()[0];
  CHECK(title.background == ow::ui::theme::kHeader);
  CHECK(title.color == ow::ui::theme::kOnHeader);
  CHECK(title.font_px == doctest::Approx(ImGui::GetFontSize()));
  CHECK(title.min.x == doctest::Approx(20));

  const TextRecord& go = rec.texts()[1];
  const Target* button = rec.find_target("Go");
  REQUIRE(button);
  CHECK(go.background == ow::ui::theme::kSurface);
  CHECK(go.color == ow::ui::theme::kPrimary);
  CHECK(button->background == ow::ui::theme::kSurface);
  CHECK(go.min.x > button->full_min.x);
  CHECK(go.max.x < button->full_max.x);
  CHECK(audit::check_clipped(go).empty());

  CHECK_FALSE(audit::check_clipped(rec.texts()[2]).empty());  // cut by its button
  CHECK(rec.texts()[2].background == ow::ui::theme::kPrimary);
  CHECK(rec.texts()[3].background == ow::ui::theme::kBackground);  // the window's own colour
  CHECK(rec.texts()[3].color == ow::ui::theme::kText);
}
