#include "ui/widgets/signature_pad.hpp"

#include <imgui_internal.h>

#include <algorithm>

#include "kiosk/strings.hpp"

namespace ow::ui {

void SignaturePad::draw(UiContext& ctx, ImVec2 size) {
  const float s = ctx.m.scale;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 max(at.x + size.x, at.y + size.y);
  ImGuiIO& io = ImGui::GetIO();
  // Raw pointer state rather than an ImGui widget: the touch policy turns drags on widgets into
  // scrolls, and a signature is nothing but drags.
  const bool began_here = ImRect(at, max).Contains(io.MouseClickedPos[0]) && !ctx.rec.input_blocked();
  if (began_here && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    ctx.touch.hold_drag(at, max);
    if (!drawing_) strokes_.emplace_back();
    drawing_ = true;
    const capture::SignPoint p{std::clamp((io.MousePos.x - at.x) / size.x, 0.0f, 1.0f),
                               std::clamp((io.MousePos.y - at.y) / size.y, 0.0f, 1.0f)};
    auto& stroke = strokes_.back();
    if (stroke.empty() || stroke.back().x != p.x || stroke.back().y != p.y) stroke.push_back(p);
  } else {
    drawing_ = false;
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  fill_rect(ctx.rec, at, max, theme::kSurface, 12 * s);
  dl->AddRect(at, max, theme::kBorder, 12 * s, 0, 3 * s);
  // A baseline to write on, as on a paper form.
  const float base = at.y + size.y * 0.78f;
  dl->AddLine(ImVec2(at.x + 40 * s, base), ImVec2(max.x - 40 * s, base), theme::kTextMuted, 2 * s);
  if (strokes_.empty()) {
    const std::string hint = tr(Str::ReviewSignPad);
    const ImVec2 ts = ImGui::CalcTextSize(hint.c_str());
    draw_text(ctx.rec, ImVec2(at.x + (size.x - ts.x) / 2, at.y + (size.y * 0.78f - ts.y) / 2), theme::kTextMuted, hint);
  }
  dl->PushClipRect(at, max, true);
  for (const auto& stroke : strokes_) {
    std::vector<ImVec2> pts;
    pts.reserve(stroke.size());
    for (const auto& p : stroke) pts.emplace_back(at.x + p.x * size.x, at.y + p.y * size.y);
    if (pts.size() == 1) dl->AddCircleFilled(pts[0], 3 * s, theme::kText);
    else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), theme::kText, 0, 5 * s);
  }
  dl->PopClipRect();
  ctx.rec.add_target(tr(Str::ReviewSignPad), at, max);
  ImGui::Dummy(size);
}

void SignaturePad::clear() {
  // Overwrite the coordinates before freeing them: a signature's shape is personal.
  for (auto& stroke : strokes_) std::fill(stroke.begin(), stroke.end(), capture::SignPoint{});
  strokes_.clear();
  strokes_.shrink_to_fit();
  drawing_ = false;
}

}  // namespace ow::ui
