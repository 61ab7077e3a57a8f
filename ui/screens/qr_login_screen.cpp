// 扫码登录: the live camera picture beside what to do — open the electronic ID or social security QR
// code on the phone and hold it up (or under the scanner); then "checking", or why the code did not
// work. The ID card is always the other way in.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"

namespace ow::ui {

namespace {
class QrLoginScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const QrLoginView v = ctx.core.qr_login().qr_login_view();
    const float s = ctx.m.scale;
    draw_header(ctx, tr(Str::QrLoginTitle));
    begin_body(ctx);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Landscape: picture left, words right. Portrait: picture on top.
    const bool wide = avail.x > avail.y;
    const ImVec2 box = wide ? ImVec2(avail.x * 0.55f, avail.y) : ImVec2(avail.x, avail.y * 0.45f);
    camera_.draw(ctx, v.preview.get(), box);
    if (wide) ImGui::SameLine(0, 32 * s);
    ImGui::BeginGroup();
    const float text_w = wide ? avail.x - box.x - 32 * s : avail.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, tr(Str::QrLoginPrompt));
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * s));
    text(ctx.rec, tr(Str::QrLoginWhere), theme::kTextMuted);
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.large);
    switch (v.state) {
      case QrLoginState::Verifying: text(ctx.rec, tr(Str::QrLoginVerifying), theme::kHeader); break;
      case QrLoginState::Invalid: text(ctx.rec, tr(Str::QrLoginInvalid), theme::kError); break;
      case QrLoginState::Expired: text(ctx.rec, tr(Str::QrLoginExpired), theme::kError); break;
      case QrLoginState::Waiting:
        if (!v.camera_ok) text(ctx.rec, tr(Str::QrLoginCameraOffline), theme::kError);
        break;
    }
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 24 * s));
    ImGui::PushFont(ctx.fonts.large);
    if (touch_button(ctx.rec, tr(Str::QrLoginUseCard), ImVec2(std::min(text_w, 520 * s), ctx.m.button_h * s), ButtonKind::Secondary))
      ctx.send(intent::UseIdCard{});
    ImGui::PopFont();
    ImGui::EndGroup();
    end_body(ctx, kFooterCancel);
  }

  // The picture may show the citizen's phone and face: it goes with the session.
  void reset() override { camera_.reset(); }

 private:
  CameraView camera_;
};

}  // namespace

std::unique_ptr<Screen> make_qr_login_screen() { return std::make_unique<QrLoginScreen>(); }

}  // namespace ow::ui
