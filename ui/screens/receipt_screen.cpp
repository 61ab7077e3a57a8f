// Receipt: the submission is safe on this kiosk; the receipt number is what the citizen keeps.
#include <array>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class ReceiptScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const ReceiptView v = ctx.core.receipt_view();
    draw_header(ctx, tr(Str::ReceiptTitle));
    begin_body(ctx);
    const float w = ImGui::GetWindowWidth();

    // A check mark drawn with lines: no glyph needed, visible without colour.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float r = 56 * s;
    const ImVec2 c(at.x + w / 2, at.y + r + 10 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCircleFilled(c, r, theme::kSuccess, 48);
    dl->AddPolyline(std::array{ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.35f),
                               ImVec2(c.x + r * 0.5f, c.y - r * 0.35f)}
                        .data(),
                    3, theme::kOnPrimary, 0, 12 * s);
    ImGui::Dummy(ImVec2(0, 2 * r + 20 * s));

    ImGui::PushFont(ctx.fonts.title);
    text_centered(ctx.rec, tr(Str::ReceiptTitle), theme::kSuccess);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 20 * s));
    ImGui::PushFont(ctx.fonts.large);
    text_centered(ctx.rec, tr(Str::ReceiptNumber), theme::kTextMuted);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.title);
    text_centered(ctx.rec, v.receipt_no, theme::kText);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 20 * s));
    ImGui::PushFont(ctx.fonts.large);
    text_centered(ctx.rec, trf(Str::ReceiptMatter, v.matter_name), theme::kText);
    if (v.promised_days > 0) text_centered(ctx.rec, trf(Str::ReceiptPromise, v.promised_days), theme::kText);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.body);
    text_centered(ctx.rec, tr(Str::ReceiptKeep), theme::kTextMuted);
    ImGui::PopFont();
    if (end_body(ctx, kFooterNone, tr(Str::ReceiptDone))) ctx.send(intent::Finish{});
  }
};
}  // namespace

std::unique_ptr<Screen> make_receipt_screen() { return std::make_unique<ReceiptScreen>(); }

}  // namespace ow::ui
