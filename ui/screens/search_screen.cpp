// Search: the on-screen pinyin keyboard types a query and the results follow every key. Letters
// being spelled count as they are (sbk finds 社保卡 by its initials); choosing a pinyin candidate
// puts the characters in instead. Tapping a result opens its detail.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/keyboard.hpp"

namespace ow::ui {

namespace {
class SearchScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const SearchView view = ctx.core.search_view();
    // Coming back (from a detail, or after the idle countdown) carries on with the query as it was.
    if (ImGui::GetFrameCount() != last_frame_ + 1) {
      committed_ = view.query;
      if (ctx.ime) ctx.ime->reset();
    }
    last_frame_ = ImGui::GetFrameCount();

    draw_header(ctx, tr(Str::SearchTitle));
    begin_body(ctx);
    const float body_h = ImGui::GetContentRegionAvail().y;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float box_h = ctx.m.field_h * s * (ctx.core.elderly() ? 1.3f : 1.0f);
    const float keyboard_h = std::min(body_h * 0.5f, 520 * s);

    const float clear_w = 200 * s;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    field_box(ctx.rec, tr(Str::SearchTitle), 1, view.query.empty() ? tr(Str::SearchHint) : view.query, true,
              ImVec2(avail - clear_w - gap, box_h));
    ImGui::SameLine();
    if (touch_button(ctx.rec, tr(Str::SearchClear), ImVec2(clear_w, box_h), ButtonKind::Secondary)) {
      wipe(committed_);
      if (ctx.ime) ctx.ime->reset();
    }

    ImGui::BeginChild("results", ImVec2(0, body_h - box_h - keyboard_h - 3 * ImGui::GetStyle().ItemSpacing.y), false,
                      ImGuiWindowFlags_NoScrollWithMouse);
    draw_results(ctx, view);
    ctx.touch.drag_scroll();
    ImGui::EndChild();

    type(ctx, ImVec2(avail, std::min(ImGui::GetContentRegionAvail().y - 4 * s, keyboard_h)), view.query);
    end_body(ctx, kFooterBack | kFooterCancel);
  }

  void reset() override {
    wipe(committed_);
    last_frame_ = -2;
  }

 private:
  static void draw_results(UiContext& ctx, const SearchView& view) {
    const float s = ctx.m.scale;
    const bool elderly = ctx.core.elderly();
    if (!view.ready) {
      text(ctx.rec, tr(Str::SearchPreparing), theme::kTextMuted);
      return;
    }
    if (view.query.empty()) return;
    if (view.results.empty()) {
      text(ctx.rec, tr(Str::SearchNoResult), theme::kTextMuted);
      return;
    }
    const ImVec2 size(ImGui::GetContentRegionAvail().x, (elderly ? 130 : 96) * s);
    ImGui::PushFont(ctx.fonts.large);
    // Elderly mode shows the best few only: less to read, bigger to tap.
    const std::size_t shown = elderly ? std::min<std::size_t>(view.results.size(), 5) : view.results.size();
    for (std::size_t i = 0; i < shown; ++i) {
      const SearchResult& r = view.results[i];
      const ImVec2 at = ImGui::GetCursorScreenPos();
      if (touch_button(ctx.rec, r.name, size, ButtonKind::Secondary, 10 + static_cast<int>(i)))
        ctx.send(r.bundle ? Intent(intent::ChooseBundle{r.code}) : Intent(intent::ChooseMatter{r.code}));
      if (!r.bundle) continue;
      ImGui::PushFont(ctx.fonts.body);
      ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + 20 * s, at.y + 8 * s), theme::kPrimary, tr(Str::SearchBundleTag));
      ImGui::PopFont();
      ctx.rec.add_text(tr(Str::SearchBundleTag));
    }
    ImGui::PopFont();
  }

  // The keyboard and typing from a physical keyboard or the script; sends the query when it changed.
  void type(UiContext& ctx, ImVec2 size, const std::string& sent) {
    KeyboardAction action = draw_keyboard(ctx, KeyboardKind::Pinyin, ctx.ime, size);
    ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters) {
      if (ctx.ime && c >= 'a' && c <= 'z') {
        ctx.ime->add_letter(static_cast<char>(c));
        continue;
      }
      append_utf8(action.insert, c);
    }
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) action.backspace = true;
    committed_ = apply_keyboard(committed_, action, KeyboardKind::Pinyin);
    std::string query = committed_;
    if (ctx.ime && ctx.ime->composing())
      for (char c : ctx.ime->spelling())
        if (c != '\'') query += c;
    if (query != sent) ctx.send(intent::SetSearch{query});
  }

  std::string committed_;  // characters chosen or typed so far, without the spelling in progress
  int last_frame_ = -2;
};
}  // namespace

std::unique_ptr<Screen> make_search_screen() { return std::make_unique<SearchScreen>(); }

}  // namespace ow::ui
