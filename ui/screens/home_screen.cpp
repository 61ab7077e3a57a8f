// Home: the categories, featured bundles, search and guide entries of the catalog.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class MattersScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    draw_header(ctx, tr(Str::MattersTitle));
    begin_body(ctx);
    const auto items = ctx.core.matters_view();
    ImGui::PushFont(ctx.fonts.large);
    if (items.empty()) text(ctx.rec, tr(Str::MattersEmpty), theme::kTextMuted);
    const float avail = ImGui::GetContentRegionAvail().x;
    // Elderly mode shows fewer, bigger choices at a time.
    const bool wide = avail > 1400 * s;
    const int columns = ctx.core.elderly() ? (wide ? 2 : 1) : (wide ? 3 : 2);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size((avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
                      (ctx.core.elderly() ? 220 : 180) * s);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
      const ImVec2 at = ImGui::GetCursorScreenPos();
      if (touch_button(ctx.rec, items[i].name, size, ButtonKind::Secondary, static_cast<int>(i)))
        ctx.send(intent::ChooseMatter{items[i].code});
      // The category as a small tag in the button's corner.
      ImGui::PushFont(ctx.fonts.body);
      ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + 20 * s, at.y + 12 * s), theme::kTextMuted, items[i].category.c_str());
      ImGui::PopFont();
      ctx.rec.add_text(items[i].category);
    }
    ImGui::PopFont();
    end_body(ctx, kFooterBack | kFooterCancel);
  }
};
}  // namespace

std::unique_ptr<Screen> make_home_screen() { return std::make_unique<MattersScreen>(); }

}  // namespace ow::ui
