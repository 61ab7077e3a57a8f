// 帮助 from the attract screen: how the kiosk is used, in five steps, and where a person helps.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class HelpScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    draw_header(ctx, tr(Str::HelpTitle));
    begin_body(ctx);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(0.0f);
    for (Str step : {Str::HelpStep1, Str::HelpStep2, Str::HelpStep3, Str::HelpStep4, Str::HelpStep5}) {
      text(ctx.rec, tr(step), theme::kText);
      ImGui::Dummy(ImVec2(0, 12 * s));
    }
    ImGui::Dummy(ImVec2(0, 16 * s));
    text(ctx.rec, tr(Str::HelpStaff), theme::kHeader);
    ImGui::PopFont();
    draw_help_desk(ctx);
    ImGui::PopTextWrapPos();
    end_body(ctx, kFooterBack);
  }
};
}  // namespace

std::unique_ptr<Screen> make_help_screen() { return std::make_unique<HelpScreen>(); }

}  // namespace ow::ui
