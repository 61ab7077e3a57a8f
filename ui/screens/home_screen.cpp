// Home: where a citizen finds what to do — a search box, the guide (智能导引), 个人 / 法人, the
// matters most often done (常办事项), the featured 一件事 bundles and the themes; a theme opens the
// list of its matters.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
// `count` buttons in the large font, in rows of `columns` filling the width, each `height` tall;
// button i is labelled label(i), has widget id id_base + i, and sends tapped(i).
template <class Label, class Tapped>
void button_grid(UiContext& ctx, std::size_t count, int columns, float height, int id_base, Label&& label, Tapped&& tapped) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 size((ImGui::GetContentRegionAvail().x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns), height);
  ImGui::PushFont(ctx.fonts.large);
  for (std::size_t i = 0; i < count; ++i) {
    if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
    if (touch_button(ctx.rec, label(i), size, ButtonKind::Secondary, id_base + static_cast<int>(i))) ctx.send(tapped(i));
  }
  ImGui::PopFont();
}

void heading(UiContext& ctx, const std::string& s) {
  ImGui::Dummy(ImVec2(0, 12 * ctx.m.scale));
  ImGui::PushFont(ctx.fonts.large);
  text(ctx.rec, s, theme::kHeader);
  ImGui::PopFont();
}

class HomeScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const HomeView view = ctx.core.find().home_view();
    draw_header(ctx, view.category.empty() ? tr(Str::MattersTitle) : view.bundle_list ? tr(Str::HomeBundles) : view.category);
    begin_body(ctx);
    // A theme's list, and the way back from it, start at the top.
    if (view.category != shown_category_) {
      ImGui::SetScrollY(0);
      shown_category_ = view.category;
    }
    if (view.category.empty()) draw_top(ctx, view);
    else draw_category(ctx, view);
    end_body(ctx, kFooterBack | kFooterCancel);
  }

  void reset() override { shown_category_.clear(); }

 private:
  std::string shown_category_;

  // Elderly mode puts the commonest matters and the themes first, where they show without
  // scrolling (the audience tabs share the first heading's row in landscape); the bundles follow.
  static void draw_top(UiContext& ctx, const HomeView& view) {
    const float s = ctx.m.scale;
    const bool elderly = ctx.core.elderly();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool wide = avail > 1400 * s;
    const float row_h = (elderly ? 110 : 120) * s;
    ImGui::PushFont(ctx.fonts.large);
    // The search box and the guide side by side in landscape, stacked in portrait.
    const float guide_w = wide ? avail * 0.32f : avail;
    if (touch_button(ctx.rec, tr(Str::HomeSearchHint), ImVec2(wide ? avail - guide_w - gap : avail, row_h), ButtonKind::Secondary))
      ctx.send(intent::OpenSearch{});
    if (wide) ImGui::SameLine();
    if (touch_button(ctx.rec, tr(Str::HomeGuide), ImVec2(guide_w, row_h), ButtonKind::Primary))
      ctx.send(intent::OpenGuide{});
    ImGui::PopFont();
    text(ctx.rec, tr(Str::HomeGuideHint), theme::kTextMuted);

    // Elderly mode shows fewer, bigger choices per row; landscape has room for four short theme names.
    const int columns = elderly ? (wide ? 3 : 2) : (wide ? 5 : 3);
    const int theme_columns = elderly && wide ? 4 : columns;
    // 常办事项 make the commonest matter one tap from home: right under the audience tabs in elderly
    // mode; in standard mode, where the bundles come first, after the themes.
    const bool frequent = !view.frequent.empty();
    if (elderly) {
      if (wide) {
        audience_tabs(ctx, view, avail / 2, tr(frequent ? Str::HomeFrequent : Str::HomeThemes));
      } else {
        audience_tabs(ctx, view, avail, {});
        if (frequent) heading(ctx, tr(Str::HomeFrequent));
      }
      frequent_matters(ctx, view, theme_columns, 4, (wide ? 100 : 110) * s);
      if (frequent || !wide) heading(ctx, tr(Str::HomeThemes));
      themes(ctx, view, theme_columns, (wide ? 100 : 110) * s);
      bundles(ctx, view, columns, view.bundles.size(), 130 * s);
    } else {
      ImGui::Dummy(ImVec2(0, 8 * s));
      audience_tabs(ctx, view, avail, {});
      // The bundles come before the themes here: one row in landscape, two in portrait, so the
      // themes still show without scrolling; the last place then lists them all.
      bundles(ctx, view, columns, static_cast<std::size_t>(wide ? columns : 2 * columns), 120 * s);
      heading(ctx, tr(Str::HomeThemes));
      themes(ctx, view, theme_columns, 100 * s);
      if (frequent) heading(ctx, tr(Str::HomeFrequent));
      frequent_matters(ctx, view, columns, wide ? columns : 2 * columns, 100 * s);
    }
  }

  // 个人 / 法人 as two tabs `width` wide at the right; `title`, if any, at the left of their row.
  static void audience_tabs(UiContext& ctx, const HomeView& view, float width, const std::string& title) {
    const float s = ctx.m.scale;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 tab((width - gap) / 2, ctx.m.button_h * s);
    ImGui::PushFont(ctx.fonts.large);
    if (!title.empty()) {
      ImGui::Dummy(ImVec2(0, 12 * s));
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + (tab.y - ImGui::GetTextLineHeight()) / 2));
      text(ctx.rec, title, theme::kHeader);
      ImGui::SetCursorScreenPos(ImVec2(at.x + avail - width, at.y));
    }
    if (touch_button(ctx.rec, tr(Str::HomePerson), tab,
                     view.audience == catalog::Audience::Person ? ButtonKind::Primary : ButtonKind::Secondary))
      ctx.send(intent::ChooseAudience{catalog::Audience::Person});
    ImGui::SameLine();
    if (touch_button(ctx.rec, tr(Str::HomeLegal), tab,
                     view.audience == catalog::Audience::LegalPerson ? ButtonKind::Primary : ButtonKind::Secondary))
      ctx.send(intent::ChooseAudience{catalog::Audience::LegalPerson});
    ImGui::PopFont();
  }

  // At most `places` buttons: when there are more bundles, the last one opens the list of them all.
  static void bundles(UiContext& ctx, const HomeView& view, int columns, std::size_t places, float height) {
    if (view.bundles.empty()) return;
    heading(ctx, tr(Str::HomeBundles));
    const bool all = view.bundles.size() > places;
    const std::size_t shown = all ? places - 1 : view.bundles.size();
    button_grid(
        ctx, shown + (all ? 1 : 0), columns, height, 100,
        [&](std::size_t i) -> std::string { return i < shown ? view.bundles[i].name : tr(Str::HomeAllBundles); },
        [&](std::size_t i) -> Intent {
          if (i < shown) return intent::ChooseBundle{view.bundles[i].code};
          return intent::ChooseCategory{kBundleCategory};
        });
  }

  // At most `limit` of them: the list is a shortcut, the themes hold the rest.
  static void frequent_matters(UiContext& ctx, const HomeView& view, int columns, std::size_t limit, float height) {
    button_grid(
        ctx, std::min(view.frequent.size(), limit), columns, height, 400,
        [&](std::size_t i) -> const std::string& { return view.frequent[i].name; },
        [&](std::size_t i) { return intent::ChooseMatter{view.frequent[i].code}; });
  }

  static void themes(UiContext& ctx, const HomeView& view, int columns, float height) {
    if (view.categories.empty()) {
      ImGui::PushFont(ctx.fonts.large);
      text(ctx.rec, tr(Str::MattersEmpty), theme::kTextMuted);
      ImGui::PopFont();
    }
    button_grid(
        ctx, view.categories.size(), columns, height, 200, [&](std::size_t i) -> const std::string& { return view.categories[i]; },
        [&](std::size_t i) { return intent::ChooseCategory{view.categories[i]}; });
  }

  // One matter or bundle per row, a matter's department over its name; the body scrolls by dragging.
  static void draw_category(UiContext& ctx, const HomeView& view) {
    const std::size_t count = view.bundle_list ? view.bundles.size() : view.matters.size();
    if (count == 0) text(ctx.rec, tr(Str::HomeCategoryEmpty), theme::kTextMuted);
    for (std::size_t i = 0; i < count; ++i) {
      if (view.bundle_list) row(ctx, i, view.bundles[i].name, {}, intent::ChooseBundle{view.bundles[i].code});
      else row(ctx, i, view.matters[i].name, view.matters[i].department, intent::ChooseMatter{view.matters[i].code});
    }
  }

  static void row(UiContext& ctx, std::size_t i, const std::string& name, const std::string& under, const Intent& tapped) {
    const float s = ctx.m.scale;
    const bool elderly = ctx.core.elderly();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, (elderly ? 170 : 130) * s);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushFont(ctx.fonts.large);
    if (touch_button(ctx.rec, name, size, ButtonKind::Secondary, 300 + static_cast<int>(i))) ctx.send(tapped);
    ImGui::PopFont();
    if (under.empty()) return;
    ImGui::PushFont(elderly ? ctx.fonts.large : ctx.fonts.body);
    draw_text(ctx.rec, ImVec2(at.x + 24 * s, at.y + 8 * s), theme::kTextMuted, under);
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_home_screen() { return std::make_unique<HomeScreen>(); }

}  // namespace ow::ui
