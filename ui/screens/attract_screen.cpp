// Attract: what a passer-by sees. The clock, the hall's name, and one obvious way to begin.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class AttractScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const AttractView v = ctx.core.entry().attract_view(ctx.wall);
    const float s = ctx.m.scale, margin = ctx.m.margin * s;
    fill_rect(ctx.rec, ImVec2(0, 0), ImVec2(ctx.width(), ctx.m.header_h * s), theme::kHeader);

    // Top bar: hall name on the left, network state and language on the right. Where they leave the
    // name too little room (portrait in elderly mode), it gets a band of its own under them.
    ImGui::PushFont(ctx.fonts.large);
    const float line = ImGui::GetTextLineHeight();
    const float buttons_left = draw_header_buttons(ctx, ctx.width() - margin);
    // A badge too long beside the buttons (English in elderly portrait) goes to the band below, at the right.
    const bool badge_below = buttons_left - margin / 2 - badge_size(ctx, v.online).x < margin;
    const float badge_left =
        badge_below ? buttons_left : draw_network_badge(ctx, v.online, buttons_left - margin / 2, ctx.m.header_h * s / 2);
    float band = 0, name_y = (ctx.m.header_h * s - line) / 2;
    if (badge_below || margin + ImGui::CalcTextSize(v.hall_name.c_str()).x + margin / 2 > badge_left) {
      band = std::max(line, badge_size(ctx, v.online).y) + 24 * s;
      fill_rect(ctx.rec, ImVec2(0, ctx.m.header_h * s), ImVec2(ctx.width(), ctx.m.header_h * s + band), theme::kHeader);
      name_y = ctx.m.header_h * s + (band - line) / 2;
      if (badge_below) draw_network_badge(ctx, v.online, ctx.width() - margin, ctx.m.header_h * s + band / 2);
    }
    ImGui::SetCursorPos(ImVec2(margin, name_y));
    text_line(ctx.rec, v.hall_name, theme::kOnHeader);
    ImGui::PopFont();

    // Clock and date.
    float y = ctx.m.header_h * s + band + ctx.height() * 0.03f;
    ImGui::SetCursorPosY(y);
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetWindowFontScale(1.6f);
    text_centered(ctx.rec, v.clock, theme::kText);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.large);
    text_centered(ctx.rec, v.date, theme::kTextMuted);
    ImGui::PopFont();

    // Title, the prompt, and the start button.
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ctx.height() * 0.02f);
    ImGui::PushFont(ctx.fonts.title);
    text_centered(ctx.rec, tr(Str::AppTitle), theme::kHeader);
    ImGui::Dummy(ImVec2(0, 12 * s));
    text_centered(ctx.rec, tr(Str::AttractPrompt), theme::kText);
    ImGui::Dummy(ImVec2(0, 16 * s));
    ImGui::PushFont(ctx.fonts.large);
    // A card that could not be read: say what to do, where the citizen is looking.
    if (v.card_hint) text_centered(ctx.rec, tr(*v.card_hint), theme::kError);
    else ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
    ImGui::PopFont();
    const float hint_bottom = ImGui::GetCursorPosY();
    ImGui::Dummy(ImVec2(0, 16 * s));
    const float start_y = ImGui::GetCursorPosY();
    ImGui::PopFont();

    // The hall services sit at the bottom; 开始办事 takes the height left above them (less in
    // elderly mode, where the bigger text above needs the room), never below a touch target, and
    // keeps a gap above them: where the room is short it moves up into the space under the card hint.
    ImGui::PushFont(ctx.fonts.body);
    const float hint_y = ctx.height() - margin - ImGui::GetTextLineHeight();
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.large);
    const float services_top = draw_services(ctx, hint_y - 16 * s);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.title);
    const float gap = 24 * s;
    const float start_h = std::clamp(services_top - gap - start_y, ctx.m.button_h * s, 150 * s);
    const float button_y = std::max(hint_bottom, std::min(start_y, services_top - gap - start_h));
    ImVec2 start_size(520 * s, start_h);
    // Beside it, the other way in: an electronic ID or social security QR code on the phone.
    // As wide as its label needs (English is longer), never narrower than 400.
    const float qr_w = std::max(400 * s, ImGui::CalcTextSize(tr(Str::AttractQrLogin)).x + 96 * s);
    const ImVec2 qr_size(v.qr_login ? qr_w : 0, start_size.y);
    const float qr_gap = v.qr_login ? 32 * s : 0;
    // Both within the margins: 开始办事 gives way where the screen is narrow.
    start_size.x = std::min(start_size.x, ctx.width() - 2 * margin - qr_gap - qr_size.x);
    ImGui::SetCursorPos(ImVec2((ctx.width() - start_size.x - qr_gap - qr_size.x) / 2, button_y));
    if (touch_button(ctx.rec, tr(Str::AttractStart), start_size)) ctx.send(intent::Start{});
    if (v.qr_login) {
      ImGui::SameLine(0, qr_gap);
      if (touch_button(ctx.rec, tr(Str::AttractQrLogin), qr_size, ButtonKind::Secondary)) ctx.send(intent::StartQrLogin{});
    }
    ImGui::PopFont();

    ImGui::PushFont(ctx.fonts.body);
    ImGui::SetCursorPosY(hint_y);
    text_centered(ctx.rec, tr(Str::AttractHint), theme::kTextMuted);
    ImGui::PopFont();
  }

 private:
  // The other things a passer-by may want, one row (two in a narrow screen) ending at `bottom`,
  // below 开始办事. Returns the top of the first row.
  static float draw_services(UiContext& ctx, float bottom) {
    const float s = ctx.m.scale, gap = 24 * s;
    struct Item {
      Str label;
      Intent intent;
    };
    const Item items[] = {{Str::AttractQuery, intent::OpenProgress{}},
                          {Str::AttractTicket, intent::OpenTicket{}},
                          {ctx.core.elderly() ? Str::ElderlyOff : Str::ElderlyOn, intent::ToggleElderly{}},
                          {Str::AttractHelp, intent::OpenHelp{}}};
    float widest = 0;
    for (const auto& item : items) widest = std::max(widest, ImGui::CalcTextSize(tr(item.label)).x);
    const float row_w = std::min(ctx.width() - 2 * ctx.m.margin * s, 1400 * s);
    const float w4 = (row_w - 3 * gap) / 4;
    const int per_row = w4 >= widest + 40 * s ? 4 : 2;
    const float w = per_row == 4 ? w4 : (row_w - gap) / 2;
    const ImVec2 size(w, ctx.m.button_h * s);
    const float left = (ctx.width() - (w * static_cast<float>(per_row) + gap * static_cast<float>(per_row - 1))) / 2;
    const int rows = 4 / per_row;
    const float top = bottom - static_cast<float>(rows) * size.y - static_cast<float>(rows - 1) * gap;
    float y = top;
    for (int i = 0; i < 4; ++i) {
      const int col = i % per_row;
      if (i > 0 && col == 0) y += size.y + gap;
      ImGui::SetCursorPos(ImVec2(left + static_cast<float>(col) * (w + gap), y));
      if (touch_button(ctx.rec, tr(items[i].label), size, ButtonKind::Secondary, 10 + i)) ctx.send(items[i].intent);
    }
    return top;
  }

  // A badge that says whether submissions reach the platform now; offline still accepts them.
  // Returns its left edge.
  static ImVec2 badge_size(UiContext& ctx, bool online) {
    const ImVec2 text = ImGui::CalcTextSize(tr(online ? Str::NetworkOnline : Str::NetworkOffline));
    return ImVec2(text.x + 48 * ctx.m.scale, text.y + 20 * ctx.m.scale);
  }

  // Centred on `mid_y`, ending at `right`.
  static float draw_network_badge(UiContext& ctx, bool online, float right, float mid_y) {
    const float s = ctx.m.scale;
    const std::string label = tr(online ? Str::NetworkOnline : Str::NetworkOffline);
    const ImVec2 size = badge_size(ctx, online);
    const ImVec2 pad(24 * s, 10 * s);
    const ImVec2 min(right - size.x, mid_y - size.y / 2);
    const ImVec2 max(right, min.y + size.y);
    fill_rect(ctx.rec, min, max, online ? theme::kSuccess : theme::kOfflineBadge, 12 * s);
    draw_text(ctx.rec, ImVec2(min.x + pad.x, min.y + pad.y), online ? theme::kOnHeader : theme::kOnOfflineBadge, label);
    return min.x;
  }
};
}  // namespace

std::unique_ptr<Screen> make_attract_screen() { return std::make_unique<AttractScreen>(); }

}  // namespace ow::ui
