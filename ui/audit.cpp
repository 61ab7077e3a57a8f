#include "ui/audit.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/theme.hpp"

namespace ow::ui::audit {

namespace {
// One pixel: ImGui rounds a text's size up to whole pixels, so a line wrapped to exactly the width
// measures up to a pixel more than the glyphs take; not a cut anyone can see.
constexpr float kSlack = 1.0f;

std::string fmt(const char* format, double a, double b = 0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}
// Two decimals, rounded as a double so the JSON shows 6.39 rather than 6.389999866.
double round2(float v) { return std::round(static_cast<double>(v) * 100) / 100; }
bool maintenance(const Frame& f) { return f.screen == "maintenance"; }
}  // namespace

Limits limits(bool elderly) { return elderly ? Limits{60, 27} : Limits{44, 18}; }

float px_to_pt(float px, float dpi) { return px * 72.0f / dpi; }

float contrast_ratio(ImU32 a, ImU32 b) { return theme::contrast_ratio(a, b); }

// The technician's pages are for staff with a stylus or a finger on a stand-up session: the
// standard limits, whatever mode the citizen screens were in.
static Limits limits_for(const Frame& f) { return limits(f.elderly && !maintenance(f)); }

std::string check_target(const Target& t, const Frame& f) {
  const float w = px_to_pt(t.full_max.x - t.full_min.x, f.dpi), h = px_to_pt(t.full_max.y - t.full_min.y, f.dpi);
  const float need = limits_for(f).target_pt;
  if (w + 0.01f >= need && h + 0.01f >= need) return {};
  return fmt("%.1f", w) + fmt(" x %.1f pt, needs %.0f pt", h, need);
}

std::string check_text_size(const TextRecord& t, const Frame& f) {
  const float pt = px_to_pt(t.font_px, f.dpi), need = limits_for(f).text_pt;
  if (pt + 0.01f >= need) return {};
  return fmt("%.1f pt, needs %.0f pt", pt, need);
}

std::string check_contrast(const TextRecord& t, const Frame& f) {
  const float ratio = contrast_ratio(t.color, t.background), need = limits_for(f).contrast;
  if (ratio >= need) return {};
  char colors[64];
  std::snprintf(colors, sizeof colors, " (#%06X on #%06X)", static_cast<unsigned>(t.color & 0xFFFFFF),
                static_cast<unsigned>(t.background & 0xFFFFFF));
  return fmt("%.2f:1, needs %.1f:1", ratio, need) + colors;
}

std::string check_clipped(const TextRecord& t) {
  const bool wide = t.min.x < t.clip_min.x - kSlack || t.max.x > t.clip_max.x + kSlack;
  const bool tall = !t.scrolls && (t.min.y < t.clip_min.y - kSlack || t.max.y > t.clip_max.y + kSlack);
  if (!wide && !tall) return {};
  return fmt("text %.0f", t.max.x - t.min.x) + fmt(" x %.0f px", t.max.y - t.min.y) +
         fmt(" in %.0f", t.clip_max.x - t.clip_min.x) + fmt(" x %.0f px", t.clip_max.y - t.clip_min.y);
}

bool off_screen(ImVec2 min, ImVec2 max, ImVec2 clip_min, ImVec2 clip_max, const Frame& f) {
  const ImVec2 a(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
  const ImVec2 b(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
  if (a.x >= b.x || a.y >= b.y) return false;  // nothing of it shown (scrolled away)
  return a.x < -kSlack || a.y < -kSlack || b.x > f.width + kSlack || b.y > f.height + kSlack;
}

Report audit_frame(const FrameRecord& rec, const Frame& frame) {
  Report r{frame, {}, 0, {}, 0, {}, 0, {}};
  auto add = [&](const char* kind, const std::string& what, const std::string& detail) {
    if (detail.empty()) return;
    for (const auto& v : r.violations)
      if (v.kind == kind && v.what == what && v.detail == detail) return;
    r.violations.push_back({kind, what, detail});
  };
  for (const Target& t : rec.targets()) {
    const float side = px_to_pt(std::min(t.full_max.x - t.full_min.x, t.full_max.y - t.full_min.y), frame.dpi);
    if (r.smallest_target.empty() || side < r.smallest_target_pt) {
      r.smallest_target = t.label;
      r.smallest_target_pt = side;
    }
    add("target", t.label, check_target(t, frame));
    if (off_screen(t.min, t.max, t.min, t.max, frame)) add("off_screen", t.label, "target outside the screen");
  }
  bool first_text = true;
  float lowest = 0;
  for (const TextRecord& t : rec.texts()) {
    if (t.font_px <= 0) continue;  // recorded without geometry: nothing to judge
    const float pt = px_to_pt(t.font_px, frame.dpi), ratio = contrast_ratio(t.color, t.background);
    if (first_text || pt < r.smallest_text_pt) {
      r.smallest_text = t.text;
      r.smallest_text_pt = pt;
    }
    if (first_text || ratio < lowest) {
      r.lowest_contrast_text = t.text;
      lowest = ratio;
    }
    first_text = false;
    add("text", t.text, check_text_size(t, frame));
    add("contrast", t.text, check_contrast(t, frame));
    add("clipped", t.text, check_clipped(t));
    if (off_screen(t.min, t.max, t.clip_min, t.clip_max, frame)) add("off_screen", t.text, "text outside the screen");
  }
  r.lowest_contrast = lowest;
  return r;
}

std::string to_json(const Report& r, const std::string& name) {
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : r.violations) violations.push_back({{"kind", v.kind}, {"what", v.what}, {"detail", v.detail}});
  const nlohmann::json j = {
      {"name", name},
      {"screen", r.frame.screen},
      {"mode", r.frame.elderly ? "elderly" : "standard"},
      {"orientation", r.frame.width >= r.frame.height ? "landscape" : "portrait"},
      {"dpi", r.frame.dpi},
      {"smallest_target", {{"label", r.smallest_target}, {"pt", round2(r.smallest_target_pt)}}},
      {"smallest_text", {{"text", r.smallest_text}, {"pt", round2(r.smallest_text_pt)}}},
      {"lowest_contrast", {{"text", r.lowest_contrast_text}, {"ratio", round2(r.lowest_contrast)}}},
      {"violations", violations}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ow::ui::audit
