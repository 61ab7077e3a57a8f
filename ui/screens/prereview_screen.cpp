// Pre-review (智能预审): everything still wrong, all at once (一次性告知), each with a way to fix
// it; what may follow later; and the instant-approval result where the matter allows it.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class PrereviewScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const PrereviewView v = ctx.core.review().prereview_view();
    draw_header(ctx, tr(Str::PrereviewTitle));
    begin_body(ctx);
    ImGui::PushFont(ctx.fonts.large);
    if (v.passed) text(ctx.rec, tr(Str::PrereviewPassed), theme::kSuccess);
    if (v.instant) text(ctx.rec, tr(Str::PrereviewInstant), theme::kSuccess);
    bool any_blocking = false, any_later = !v.deferred.empty();
    for (const auto& p : v.problems) (p.blocking ? any_blocking : any_later) = true;
    if (any_blocking) text(ctx.rec, tr(Str::PrereviewBlocking), theme::kError);
    ImGui::PopFont();
    int id = 0;
    for (const auto& p : v.problems)
      if (p.blocking) row(ctx, p, ++id);
    if (any_later) {
      ImGui::Dummy(ImVec2(0, 16 * s));
      ImGui::PushFont(ctx.fonts.large);
      text(ctx.rec, tr(Str::PrereviewDeferrable), theme::kTextMuted);
      ImGui::PopFont();
      for (const auto& p : v.problems)
        if (!p.blocking) row(ctx, p, ++id);
      for (const auto& name : v.deferred) text(ctx.rec, name, theme::kTextMuted);
    }
    // A passed pre-review goes on to review and sign, where 提交 is.
    const bool next = end_body(ctx, kFooterBack | kFooterCancel, v.passed ? tr(Str::PrereviewToReview) : nullptr);
    if (next) ctx.send(intent::Next{});
  }

 private:
  static void row(UiContext& ctx, const ProblemView& p, int id) {
    const float s = ctx.m.scale;
    const float fix_w = 240 * s;
    ImGui::PushID(id);
    const float y = ImGui::GetCursorPosY();
    // Only a row with 去修改 beside it leaves room for the button; the others use the full width.
    const bool fixable = p.blocking && (!p.field.empty() || !p.material.empty());
    ImGui::PushTextWrapPos(fixable ? ImGui::GetContentRegionAvail().x - fix_w - 24 * s : 0.0f);
    text(ctx.rec, p.subject.empty() ? p.text : p.subject + "：" + p.text, p.blocking ? theme::kText : theme::kTextMuted);
    ImGui::PopTextWrapPos();
    const float text_bottom = ImGui::GetCursorPosY();
    if (fixable) {
      ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionAvail().x - fix_w, y));
      const std::string label = tr(Str::PrereviewFix);
      if (touch_button(ctx.rec, label, ImVec2(fix_w, ctx.m.button_h * s * 0.8f), ButtonKind::Secondary)) {
        if (!p.field.empty()) ctx.send(intent::FixField{p.field});
        else ctx.send(intent::FixMaterial{p.material});
      }
      ctx.rec.add_target(label + " " + (p.subject.empty() ? p.field + p.material : p.subject), ImGui::GetItemRectMin(),
                         ImGui::GetItemRectMax());
      ImGui::SetCursorPosY(std::max(text_bottom, ImGui::GetCursorPosY()));
    }
    ImGui::Dummy(ImVec2(0, 10 * s));
    ImGui::PopID();
  }
};
}  // namespace

std::unique_ptr<Screen> make_prereview_screen() { return std::make_unique<PrereviewScreen>(); }

}  // namespace ow::ui
