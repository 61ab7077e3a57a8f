// Notice: something about the card stops the usual way (expired, unsupported); say what and
// offer the way that still works.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class NoticeScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const Notice n = ctx.core.notice_view();
    draw_header(ctx, tr(n.title));
    begin_body(ctx);
    ImGui::Dummy(ImVec2(0, 40 * s));
    ImGui::PushFont(ctx.fonts.title);
    text(ctx.rec, tr(n.title), theme::kError);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(n.body));
    ImGui::PopFont();
    const char* primary = n.offer_manual ? tr(Str::ContinueManual) : nullptr;
    if (end_body(ctx, kFooterCancel, primary)) ctx.send(intent::ContinueManual{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_notice_screen() { return std::make_unique<NoticeScreen>(); }

}  // namespace ow::ui
