// Receipt: the submission is safe on this kiosk; the receipt number and its QR code are what the
// citizen keeps. The paper receipt prints by itself; if it cannot, the screen says why and the QR
// code is there to photograph.
#include <algorithm>
#include <array>

#include "kiosk/receipt/qr_raster.hpp"
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class ReceiptScreen final : public Screen {
 public:
  ~ReceiptScreen() override { reset(); }

  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const ReceiptView v = ctx.core.receipt().receipt_view();
    draw_header(ctx, tr(Str::ReceiptTitle));
    begin_body(ctx);
    const float w = ImGui::GetWindowWidth();
    const float qr_size = 360 * s;
    // Portrait is too narrow for the number and the matter beside the QR code: the code goes under them.
    const bool portrait = ctx.height() > ctx.width();
    const float left_w = portrait ? w : w - qr_size - 60 * s;

    // In portrait the text is the body's own full width, so no column of its own.
    if (!portrait) ImGui::BeginChild("receipt_text", ImVec2(left_w, 0), false, ImGuiWindowFlags_NoScrollbar);
    // A check mark drawn with lines (no glyph needed, visible without colour), on the line of
    // 提交成功 so that what to take away stays above the fold in elderly mode too.
    ImGui::PushFont(ctx.fonts.title);
    const float r = 40 * s, gap = 20 * s;
    const float title_w = ImGui::CalcTextSize(tr(Str::ReceiptTitle)).x;
    const float start = std::max(0.0f, (left_w - (2 * r + gap + title_w)) / 2);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 c(at.x + start + r, at.y + std::max(r, ImGui::GetTextLineHeight() / 2));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCircleFilled(c, r, theme::kSuccess, 48);
    dl->AddPolyline(std::array{ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.35f),
                               ImVec2(c.x + r * 0.5f, c.y - r * 0.35f)}
                        .data(),
                    3, theme::kOnPrimary, 0, 9 * s);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + start + 2 * r + gap);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, r - ImGui::GetTextLineHeight() / 2));
    text(ctx.rec, tr(Str::ReceiptTitle), theme::kSuccess);
    ImGui::PopFont();
    // What to take away comes first and largest: the paper once it is out, and the card.
    ImGui::Dummy(ImVec2(0, 8 * s));
    // The title font has no size above it: elderly mode scales these two lines up instead.
    ImGui::SetWindowFontScale(ctx.core.elderly() ? 1.2f : 1.0f);
    draw_print_state(ctx, v);
    if (v.take_card) {
      ImGui::PushFont(ctx.fonts.title);
      centered_or_wrapped(ctx, tr(*v.take_card), theme::kText);
      ImGui::PopFont();
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Dummy(ImVec2(0, 12 * s));
    ImGui::PushFont(ctx.fonts.large);
    text_centered(ctx.rec, tr(Str::ReceiptNumber), theme::kTextMuted);
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.title);
    centered_or_wrapped(ctx, v.receipt_no_text, theme::kText);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * s));
    ImGui::PushFont(ctx.fonts.body);
    centered_or_wrapped(ctx, trf(Str::ReceiptMatter, v.matter_name), theme::kText);
    if (!v.promised_date.empty()) centered_or_wrapped(ctx, trf(Str::ReceiptPromise, v.promised_date), theme::kText);
    if (!v.delivery.empty()) centered_or_wrapped(ctx, trf(Str::ReceiptDelivery, v.delivery), theme::kText);
    ImGui::PopFont();
    if (!portrait) ImGui::EndChild();

    if (portrait) {
      ImGui::Dummy(ImVec2(0, 24 * s));
      ImGui::SetCursorPosX((w - qr_size) / 2);
    } else {
      ImGui::SameLine(0, 60 * s);
    }
    ImGui::BeginGroup();
    if (ensure_qr(ctx, v.query_url)) ImGui::Image(reinterpret_cast<ImTextureID>(qr_), ImVec2(qr_size, qr_size));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + qr_size);
    text(ctx.rec, tr(Str::ReceiptKeep), theme::kText);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (end_body(ctx, kFooterNone, tr(Str::ReceiptDone))) ctx.send(intent::Finish{});
  }

  void reset() override {
    if (qr_) SDL_DestroyTexture(qr_);
    qr_ = nullptr;
    qr_content_.clear();
  }

 private:
  // Centred while it fits; a long matter name or receipt number wraps rather than being cut.
  static void centered_or_wrapped(UiContext& ctx, const std::string& s, ImU32 color) {
    if (ImGui::CalcTextSize(s.c_str()).x <= ImGui::GetContentRegionAvail().x) {
      text_centered(ctx.rec, s, color);
      return;
    }
    ImGui::PushTextWrapPos(0.0f);
    text(ctx.rec, s, color);
    ImGui::PopTextWrapPos();
  }

  void draw_print_state(UiContext& ctx, const ReceiptView& v) {
    const float s = ctx.m.scale;
    if (v.print == PrintState::Printing || v.print == PrintState::Printed) {
      ImGui::PushFont(ctx.fonts.title);
      if (v.print == PrintState::Printed) centered_or_wrapped(ctx, tr(Str::PrintPrinted), theme::kSuccess);
      else centered_or_wrapped(ctx, tr(Str::PrintPrinting), theme::kText);
      ImGui::PopFont();
      return;
    }
    ImGui::PushTextWrapPos(0.0f);
    switch (v.print) {
      case PrintState::Failed:
        text(ctx.rec, tr(v.print_failure), theme::kError);
        text(ctx.rec, tr(Str::PrintPhotoQr), theme::kText);
        if (touch_button(ctx.rec, tr(Str::PrintRetry), ImVec2(360 * s, ctx.m.button_h * s), ButtonKind::Secondary))
          ctx.send(intent::Reprint{});
        break;
      case PrintState::Unavailable: text(ctx.rec, tr(Str::PrintPhotoQr), theme::kText); break;
      case PrintState::None:
      case PrintState::Printing:
      case PrintState::Printed: break;
    }
    ImGui::PopTextWrapPos();
  }

  // The QR code as a texture, made once per receipt.
  bool ensure_qr(UiContext& ctx, const std::string& content) {
    if (qr_ && content == qr_content_) return true;
    reset();
    auto raster = receipt::qr_raster(content, 1, drivers::printer::QrEcc::M, 4);
    if (!raster) return false;
    std::vector<std::uint32_t> pixels(static_cast<std::size_t>(raster->width) * static_cast<std::size_t>(raster->height));
    for (int y = 0; y < raster->height; ++y)
      for (int x = 0; x < raster->width; ++x)
        pixels[static_cast<std::size_t>(y * raster->width + x)] = raster->get(x, y) ? 0xFF000000u : 0xFFFFFFFFu;
    qr_ = SDL_CreateTexture(ctx.renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, raster->width, raster->height);
    if (!qr_) return false;
    SDL_SetTextureScaleMode(qr_, SDL_ScaleModeNearest);  // crisp modules
    SDL_UpdateTexture(qr_, nullptr, pixels.data(), raster->width * 4);
    qr_content_ = content;
    return true;
  }

  SDL_Texture* qr_ = nullptr;
  std::string qr_content_;
};
}  // namespace

std::unique_ptr<Screen> make_receipt_screen() { return std::make_unique<ReceiptScreen>(); }

}  // namespace ow::ui
