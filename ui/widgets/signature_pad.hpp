#pragma once
// The signature pad: the citizen writes with a finger (or the mouse) inside a box; the strokes stay
// in this widget until confirmed, then go to the core, which makes the PNG. The strokes are personal
// data: clear() wipes them, and the screen that owns the pad clears it when the session ends.
#include "kiosk/capture/signature.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

class SignaturePad {
 public:
  // Draws the box at the cursor, `size` big, and adds the finger's movement to the strokes.
  void draw(UiContext& ctx, ImVec2 size);
  bool empty() const { return strokes_.empty(); }
  const capture::Strokes& strokes() const { return strokes_; }
  void clear();

 private:
  capture::Strokes strokes_;
  bool drawing_ = false;
};

}  // namespace ow::ui
