// The PIN keypad shown after the hidden gesture: the technicians' names (when several), digits as
// dots, 0–9, delete, OK, back.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_pin_keypad(PageCtx& c) {
  auto& ctx = c.ui;
  const float s = c.scale();
  const auto v = c.m.pin_view();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width(), ctx.height()), theme::kBackground);
  ImGui::SetCursorPosY(ctx.height() * 0.08f);
  ImGui::PushFont(ctx.fonts.title);
  text_centered(ctx.rec, tr(Str::MtPinTitle), theme::kHeader);
  ImGui::PopFont();
  ImGui::PushFont(ctx.fonts.large);
  text_centered(ctx.rec, tr(Str::MtPinPrompt), theme::kText);
  // Several technicians: each taps his name first, so that an attempt checks one PIN, not all.
  if (v.technicians.size() > 1) {
    constexpr std::size_t kPerRow = 4;
    const ImVec2 chip(220 * s, 80 * s);
    const float chip_gap = 16 * s;
    for (std::size_t i = 0; i < v.technicians.size(); ++i) {
      if (i % kPerRow == 0) {
        const auto n = static_cast<float>(std::min(kPerRow, v.technicians.size() - i));
        ImGui::SetCursorPosX((ctx.width() - n * chip.x - (n - 1) * chip_gap) / 2);
      } else {
        ImGui::SameLine(0, chip_gap);
      }
      const auto& name = v.technicians[i];
      if (touch_button(ctx.rec, name, chip, name == v.chosen ? ButtonKind::Primary : ButtonKind::Secondary, static_cast<int>(i)))
        c.m.choose_technician(name, ctx.now);
    }
  }
  // The digits typed so far, as dots.
  std::string dots;
  for (std::size_t i = 0; i < v.digits; ++i) dots += "* ";
  text_centered(ctx.rec, dots.empty() ? std::string(" ") : dots, theme::kText);
  std::string message;
  switch (v.message) {
    case maintenance::PinMessage::Wrong: message = trf(Str::MtPinWrong, v.attempts_left); break;
    case maintenance::PinMessage::Locked: message = trf(Str::MtPinLocked, static_cast<int>(v.locked_minutes)); break;
    case maintenance::PinMessage::NoPins: message = tr(Str::MtPinNoPins); break;
    case maintenance::PinMessage::NotIdle: message = tr(Str::MtPinNotIdle); break;
    case maintenance::PinMessage::ChooseTechnician: message = tr(Str::MtPinChooseTechnician); break;
    case maintenance::PinMessage::Unavailable: message = tr(Str::MtPinUnavailable); break;
    case maintenance::PinMessage::None: break;
  }
  if (v.checking) message = tr(Str::MtPinChecking);
  text_centered(ctx.rec, message.empty() ? std::string(" ") : message, v.checking ? theme::kTextMuted : theme::kError);
  ImGui::PopFont();

  const bool blocked = v.message == maintenance::PinMessage::Locked || v.message == maintenance::PinMessage::NoPins ||
                       v.message == maintenance::PinMessage::NotIdle || v.message == maintenance::PinMessage::Unavailable;
  const ImVec2 key(200 * s, 120 * s);
  const float gap = 20 * s, grid_w = 3 * key.x + 2 * gap;
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::PushFont(ctx.fonts.title);
  const char* keys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {nullptr, "0", nullptr}};
  for (int r = 0; r < 4; ++r) {
    ImGui::SetCursorPosX((ctx.width() - grid_w) / 2);
    for (int k = 0; k < 3; ++k) {
      if (k) ImGui::SameLine(0, gap);
      if (r == 3 && k == 0) {
        ImGui::PushFont(ctx.fonts.large);
        if (touch_button(ctx.rec, tr(Str::MtKeyDelete), key, ButtonKind::Secondary)) c.m.pin_backspace(ctx.now);
        ImGui::PopFont();
      } else if (r == 3 && k == 2) {
        ImGui::PushFont(ctx.fonts.large);
        if (touch_button(ctx.rec, tr(Str::MtKeyEnter), key) && !blocked) c.m.pin_submit(ctx.now);
        ImGui::PopFont();
      } else if (touch_button(ctx.rec, keys[r][k], key, ButtonKind::Secondary) && !blocked) {
        c.m.pin_digit(keys[r][k][0], ctx.now);
      }
    }
    ImGui::Dummy(ImVec2(0, gap / 2));
  }
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 20 * s));
  ImGui::SetCursorPosX((ctx.width() - grid_w) / 2);
  ImGui::PushFont(ctx.fonts.large);
  if (touch_button(ctx.rec, tr(Str::MtBack), ImVec2(grid_w, ctx.m.button_h * s), ButtonKind::Secondary)) c.m.cancel_entry();
  ImGui::PopFont();
}

}  // namespace ow::ui::mt
