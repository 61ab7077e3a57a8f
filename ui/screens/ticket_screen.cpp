// 排队取号: choose the business, get the next number of the day, printed on the receipt printer.
// The number is shown large either way; when the ticket cannot be printed the screen says to
// note it down.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class TicketScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const TicketView v = ctx.core.hall().ticket_view();
    const TicketState& t = v.ticket;
    draw_header(ctx, tr(Str::TicketTitle));
    begin_body(ctx);
    if (!t.number.empty()) draw_number(ctx, t);
    else if (t.busy) draw_message(ctx, tr(Str::TicketBusy), theme::kTextMuted);
    else if (t.failed) {
      draw_message(ctx, tr(Str::TicketFailed), theme::kError);
      ImGui::PushFont(ctx.fonts.large);
      draw_help_desk(ctx);
      ImGui::PopFont();
    } else draw_services(ctx, v);
    const bool done = end_body(ctx, kFooterBack | kFooterHome, t.number.empty() ? nullptr : tr(Str::TicketDone));
    if (done) ctx.send(intent::Finish{});
  }

 private:
  static void draw_message(UiContext& ctx, const std::string& message, ImU32 color) {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::PushTextWrapPos(0.0f);
    text(ctx.rec, message, color);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
  }

  // Big buttons, two to a row; fewer per row where the screen is narrow for the text.
  static void draw_services(UiContext& ctx, const TicketView& v) {
    const float s = ctx.m.scale, gap = 32 * s;
    draw_message(ctx, tr(Str::TicketChoose), theme::kText);
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.title);
    const float avail = ImGui::GetContentRegionAvail().x;
    float widest = 0;
    for (const auto& q : v.services) widest = std::max(widest, ImGui::CalcTextSize((q.prefix + "  " + q.name).c_str()).x);
    const int per_row = (avail - gap) / 2 >= widest + 60 * s ? 2 : 1;
    const float w = per_row == 2 ? (avail - gap) / 2 : avail;
    const ImVec2 size(w, std::max(ctx.m.button_h * 1.5f, 140.0f) * s);
    int i = 0;
    for (const auto& q : v.services) {
      if (i % per_row != 0) ImGui::SameLine(0, gap);
      if (touch_button(ctx.rec, q.name, size, ButtonKind::Secondary, 100 + i)) ctx.send(intent::TakeTicket{q.prefix});
      if (i % per_row == per_row - 1) ImGui::Dummy(ImVec2(0, gap / 2));
      ++i;
    }
    ImGui::PopFont();
  }

  static void draw_number(UiContext& ctx, const TicketState& t) {
    const float s = ctx.m.scale;
    ImGui::Dummy(ImVec2(0, 20 * s));
    ImGui::PushFont(ctx.fonts.large);
    text_centered(ctx.rec, tr(Str::TicketYourNumber), theme::kTextMuted);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetWindowFontScale(3.0f);
    text_centered(ctx.rec, t.number, theme::kHeader);
    ImGui::SetWindowFontScale(1.0f);
    text_centered(ctx.rec, trf(Str::TicketService, t.service), theme::kText);
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushTextWrapPos(0.0f);
    switch (t.print) {
      case PrintState::Printing: text_centered(ctx.rec, tr(Str::TicketPrinting), theme::kTextMuted); break;
      case PrintState::Printed: text_centered(ctx.rec, tr(Str::TicketPrinted), theme::kSuccess); break;
      case PrintState::Failed: text(ctx.rec, tr(Str::TicketPrintFailed), theme::kError); break;
      case PrintState::Unavailable: text(ctx.rec, tr(Str::TicketNoPrinter), theme::kError); break;
      case PrintState::None: break;
    }
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_ticket_screen() { return std::make_unique<TicketScreen>(); }

}  // namespace ow::ui
