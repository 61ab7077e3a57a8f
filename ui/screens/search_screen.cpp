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
    const SearchView view = ctx.core.find().search_view();
    // Coming back (from a detail, or after the idle countdown) carries on with the query as it was.
    if (ImGui::GetFrameCount() != last_frame_ + 1) {
      committed_ = view.query.clone();
      if (ctx.ime) ctx.ime->reset();
    }
    last_frame_ = ImGui::GetFrameCount();

    draw_header(ctx, tr(Str::SearchTitle));
    begin_body(ctx);
    const ImVec2 body = ImGui::GetContentRegionAvail();
    const bool elderly = ctx.core.elderly();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // Landscape: the keyboard on the left at the body's full height, so its keys stay big (≥ 96 px
    // in elderly mode); the query and the results beside it. Portrait: query, results, keyboard.
    if (body.x > body.y) {
      const float keyboard_w = body.x * 0.58f;
      const float keyboard_h = std::min(body.y - 4 * s, 720 * s);
      ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + body.y - 4 * s - keyboard_h));
      type(ctx, ImVec2(keyboard_w, keyboard_h), view.query.view());
      ImGui::SetCursorPos(ImVec2(keyboard_w + 2 * gap, 0));
      ImGui::BeginGroup();
      query_and_results(ctx, view, body.x - keyboard_w - 2 * gap, body.y - 4 * s);
      ImGui::EndGroup();
    } else {
      const float keyboard_h = elderly ? std::min(body.y * 0.6f, 760 * s) : std::min(body.y * 0.5f, 520 * s);
      query_and_results(ctx, view, body.x, body.y - keyboard_h - ImGui::GetStyle().ItemSpacing.y);
      type(ctx, ImVec2(body.x, std::min(ImGui::GetContentRegionAvail().y - 4 * s, keyboard_h)), view.query.view());
    }
    end_body(ctx, kFooterBack | kFooterCancel);
  }

  void reset() override {
    committed_.clear();
    last_frame_ = -2;
  }

 private:
  // The query box with 清空 beside it, and the results under them, in a column `width` × `height`.
  void query_and_results(UiContext& ctx, const SearchView& view, float width, float height) {
    const float s = ctx.m.scale;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float box_h = ctx.m.field_h * s * (ctx.core.elderly() ? 1.3f : 1.0f);
    const float clear_w = 200 * s;
    field_box(ctx.rec, tr(Str::SearchTitle), 1, view.query.empty() ? tr(Str::SearchHint) : view.query.str(), true,
              ImVec2(width - clear_w - gap, box_h));
    ImGui::SameLine();
    if (touch_button(ctx.rec, tr(Str::SearchClear), ImVec2(clear_w, box_h), ButtonKind::Secondary)) {
      committed_.clear();
      if (ctx.ime) ctx.ime->reset();
    }
    ImGui::BeginChild("results", ImVec2(width, height - box_h - ImGui::GetStyle().ItemSpacing.y), false,
                      ImGuiWindowFlags_NoScrollWithMouse);
    draw_results(ctx, view);
    ctx.touch.drag_scroll();
    ImGui::EndChild();
  }

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
      // A name too long for the column at the large size is shown one size down rather than cut.
      const bool smaller = ImGui::CalcTextSize(r.name.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x > size.x;
      if (smaller) ImGui::PushFont(ctx.fonts.body);
      if (touch_button(ctx.rec, r.name, size, ButtonKind::Secondary, 10 + static_cast<int>(i)))
        ctx.send(r.bundle ? Intent(intent::ChooseBundle{r.code}) : Intent(intent::ChooseMatter{r.code}));
      if (smaller) ImGui::PopFont();
      if (!r.bundle) continue;
      ImGui::PushFont(ctx.fonts.body);
      draw_text(ctx.rec, ImVec2(at.x + 20 * s, at.y + 8 * s), theme::kPrimary, tr(Str::SearchBundleTag));
      ImGui::PopFont();
    }
    ImGui::PopFont();
  }

  // The keyboard and typing from a physical keyboard or the script; sends the query when it changed.
  void type(UiContext& ctx, ImVec2 size, std::string_view sent) {
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
    // The keyboard's helper works on a plain copy; the query itself zeroes every buffer it lets go.
    committed_ = apply_keyboard(committed_.str(), action, KeyboardKind::Pinyin);
    SecretString query = committed_.clone();
    if (ctx.ime && ctx.ime->composing())
      for (char c : ctx.ime->spelling())
        if (c != '\'') query += c;
    if (query.view() != sent) ctx.send(intent::SetSearch{std::move(query)});
  }

  SecretString committed_;  // characters chosen or typed so far, without the spelling in progress
  int last_frame_ = -2;
};
}  // namespace

std::unique_ptr<Screen> make_search_screen() { return std::make_unique<SearchScreen>(); }

}  // namespace ow::ui
