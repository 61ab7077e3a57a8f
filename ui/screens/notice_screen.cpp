// Notice: something stops the usual way (an expired or unsupported card, a declined face check, a
// submission whose outcome is not known); say what, where staff help, and offer the way that still works.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class NoticeScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const Notice n = ctx.core.entry().notice_view();
    draw_header(ctx, tr(n.title));
    begin_body(ctx);
    ImGui::Dummy(ImVec2(0, 40 * s));
    ImGui::PushFont(ctx.fonts.title);
    text(ctx.rec, tr(n.title), theme::kError);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(n.body));
    if (!n.reference.empty()) {
      ImGui::Dummy(ImVec2(0, 16 * s));
      text(ctx.rec, trf(Str::SubmitUncertainReference, n.reference), theme::kHeader);
    }
    if (n.show_help_desk) {
      ImGui::Dummy(ImVec2(0, 16 * s));
      draw_help_desk(ctx);
    }
    ImGui::PopFont();
    const char* primary = n.offer_manual ? tr(Str::ContinueManual) : nullptr;
    if (end_body(ctx, kFooterHome, primary)) ctx.send(intent::ContinueManual{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_notice_screen() { return std::make_unique<NoticeScreen>(); }

}  // namespace ow::ui
