#pragma once
// The citizen's handwritten signature: strokes drawn with a finger on the review screen, turned into
// the PNG that goes into the submission as its signature blob. Personal data throughout.
#include <string>
#include <vector>

#include "base/zeroing_allocator.hpp"
#include "kiosk/result.hpp"

namespace ow::capture {

// A point of a stroke, as a fraction of the pad's width and height (0..1): the pad's size on screen
// (landscape, portrait, elderly) does not change the picture.
struct SignPoint {
  float x = 0, y = 0;
};
// Where the finger went is as personal as the picture: every buffer is zeroed when freed.
using Stroke = std::vector<SignPoint, ZeroingAllocator<SignPoint>>;
using Strokes = std::vector<Stroke, ZeroingAllocator<Stroke>>;

// Enough ink to be a signature rather than a stray touch: the strokes together span at least this
// fraction of the pad's width.
bool signature_substantial(const Strokes& strokes, float min_span = 0.08f);

// Black ink on white, `width`×`height` pixels, PNG encoded. Points outside 0..1 are clamped.
Result<std::string> signature_png(const Strokes& strokes, int width = 900, int height = 300);

}  // namespace ow::capture
