// Guide (智能导引): one question per screen with big options, one per row; 返回 goes to the previous
// question. Without a guide chosen it lists the guides. The last answer opens a matter or bundle.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class GuideScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const GuideView view = ctx.core.find().guide_view();
    draw_header(ctx, view.title.empty() ? tr(Str::GuideTitle) : view.title);
    begin_body(ctx);
    const bool elderly = ctx.core.elderly();
    const float avail = ImGui::GetContentRegionAvail().x;
    const ImVec2 size(avail, (elderly ? 160 : 120) * s);
    ImGui::PushFont(ctx.fonts.title);
    if (view.step > 0) {
      ImGui::PushFont(ctx.fonts.large);
      text(ctx.rec, trf(Str::GuideStep, view.step), theme::kTextMuted);
      ImGui::PopFont();
      text(ctx.rec, view.question, theme::kText);
    } else {
      text(ctx.rec, tr(Str::GuideChoose), theme::kText);
    }
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 16 * s));
    ImGui::PushFont(ctx.fonts.large);
    if (view.step > 0) {
      for (std::size_t i = 0; i < view.options.size(); ++i)
        if (touch_button(ctx.rec, view.options[i], size, ButtonKind::Secondary, static_cast<int>(i)))
          ctx.send(intent::GuideAnswer{i});
    } else {
      for (std::size_t i = 0; i < view.trees.size(); ++i)
        if (touch_button(ctx.rec, view.trees[i].second, size, ButtonKind::Secondary, 100 + static_cast<int>(i)))
          ctx.send(intent::OpenGuide{view.trees[i].first});
    }
    ImGui::PopFont();
    end_body(ctx, kFooterBack | kFooterCancel);
  }
};
}  // namespace

std::unique_ptr<Screen> make_guide_screen() { return std::make_unique<GuideScreen>(); }

}  // namespace ow::ui
