// Face check consent (人脸核验告知): only for a matter that checks the applicant's face. Separate from
// the general consent: what is captured, for what, how long it is kept; declining is a real choice
// that sends the citizen to a staff window.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class FaceConsentScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const FaceConsentView v = ctx.core.face().face_consent_view();
    draw_header(ctx, tr(Str::FaceConsentTitle));
    begin_body(ctx);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 14 * s));
    text(ctx.rec, trf(v.verify_only ? Str::FaceConsentVerifyBody : Str::FaceConsentBody, v.matter_name));
    if (!v.verify_only) {
      ImGui::Dummy(ImVec2(0, 12 * s));
      text(ctx.rec, trf(Str::FaceConsentRetention, v.retention_days), theme::kTextMuted);
    }
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(0, 24 * s));
    const std::string decline = tr(Str::FaceDecline);
    const float w = std::min(ImGui::GetContentRegionAvail().x, ImGui::CalcTextSize(decline.c_str()).x + 96 * s);
    if (touch_button(ctx.rec, decline, ImVec2(w, ctx.m.button_h * s), ButtonKind::Secondary)) ctx.send(intent::FaceDecline{});
    ImGui::PopFont();
    if (end_body(ctx, kFooterBack | kFooterCancel, tr(Str::FaceAgree))) ctx.send(intent::FaceAgree{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_face_consent_screen() { return std::make_unique<FaceConsentScreen>(); }

}  // namespace ow::ui
