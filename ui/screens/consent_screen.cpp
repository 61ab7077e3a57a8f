// Consent: what personal data is collected, for what, and for how long — before any of it is used.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class ConsentScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const ConsentView v = ctx.core.entry().consent_view();
    draw_header(ctx, tr(Str::ConsentTitle));
    begin_body(ctx);
    ImGui::PushFont(ctx.fonts.large);
    if (!v.masked_id.empty()) {
      text(ctx.rec, trf(Str::ConsentCardRead, v.masked_id), theme::kSuccess);
      ImGui::Dummy(ImVec2(0, 16 * s));
    }
    if (!v.masked_sscard.empty()) {
      text(ctx.rec, trf(Str::ConsentSsCardRead, v.masked_sscard), theme::kSuccess);
      text(ctx.rec, tr(Str::ConsentSsCardNote), theme::kTextMuted);
      ImGui::Dummy(ImVec2(0, 16 * s));
    }
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 14 * s));
    text(ctx.rec, v.body);
    ImGui::PopStyleVar();
    ImGui::PopFont();
    if (end_body(ctx, kFooterCancel, tr(Str::ConsentAgree))) ctx.send(intent::Agree{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_consent_screen() { return std::make_unique<ConsentScreen>(); }

}  // namespace ow::ui
