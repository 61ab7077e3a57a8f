#pragma once
// The layout audit of one frame, from the widget registry (FrameRecord): touch targets big enough
// for a finger, text big enough to read, text legible on its background, and nothing cut or off
// screen. Sizes are judged in points (1/72 inch) at the screen's DPI, so a smaller, denser panel is
// held to the same physical size.
#include <string>
#include <vector>

#include "ui/touch.hpp"

namespace ow::ui::audit {

struct Limits {
  float target_pt;          // both sides of every touch target
  float text_pt;            // the font's pixel size in points
  float contrast = 4.5f;    // WCAG 2 AA for normal text
};
// Standard: 44 pt targets, 18 pt text. Elderly: 60 pt targets, 27 pt text (1.5× standard).
Limits limits(bool elderly);

float px_to_pt(float px, float dpi);
// WCAG 2 contrast ratio from sRGB relative luminance; alpha is ignored (blend first).
float contrast_ratio(ImU32 a, ImU32 b);

struct Frame {
  std::string screen;
  bool elderly = false;
  float width = 0, height = 0;  // the screen in pixels
  float dpi = 96;
};

struct Violation {
  std::string kind;  // "target", "text", "contrast", "clipped", "off_screen"
  std::string what;  // the label or text
  std::string detail;
};

struct Report {
  Frame frame;
  std::string smallest_target;  // its label
  float smallest_target_pt = 0;  // its smaller side; 0 when the frame has no target
  std::string smallest_text;
  float smallest_text_pt = 0;
  std::string lowest_contrast_text;
  float lowest_contrast = 0;
  std::vector<Violation> violations;
};

Report audit_frame(const FrameRecord& rec, const Frame& frame);

// The pure checks, one element each; a reason when it fails, empty when it passes.
std::string check_target(const Target& t, const Frame& f);
std::string check_text_size(const TextRecord& t, const Frame& f);
std::string check_contrast(const TextRecord& t, const Frame& f);
// Cut by its window, button or box: wider than it shows, or taller where the window does not scroll.
std::string check_clipped(const TextRecord& t);
// Any shown part of [min, max] (clipped to [clip_min, clip_max]) outside the screen.
bool off_screen(ImVec2 min, ImVec2 max, ImVec2 clip_min, ImVec2 clip_max, const Frame& f);

// One JSON object on one line: the frame, the smallest target and text, the lowest contrast, the violations.
std::string to_json(const Report& r, const std::string& name);

}  // namespace ow::ui::audit
