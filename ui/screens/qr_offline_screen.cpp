// QR login offline: it needs the platform to resolve the code. Say so plainly and point at the
// ID card reader, which works without the network.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class QrOfflineScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    draw_header(ctx, tr(Str::QrOfflineTitle));
    begin_body(ctx);
    ImGui::Dummy(ImVec2(0, 40 * s));
    ImGui::PushFont(ctx.fonts.title);
    text(ctx.rec, tr(Str::QrOfflineTitle), theme::kError);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(Str::QrOfflineBody));
    ImGui::Dummy(ImVec2(0, 24 * s));
    text(ctx.rec, tr(Str::QrOfflineCardHint), theme::kHeader);
    ImGui::PopFont();
    if (end_body(ctx, kFooterCancel, tr(Str::QrLoginUseCard))) ctx.send(intent::UseIdCard{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_qr_offline_screen() { return std::make_unique<QrOfflineScreen>(); }

}  // namespace ow::ui
