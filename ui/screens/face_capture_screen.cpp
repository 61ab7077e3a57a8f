// Face capture (拍摄面部照片), after the face check consent: the face camera's live picture with the
// face box, one line the citizen can act on (come closer, face the screen, more light…), the photo
// taken by itself when the face is good and still (or with 拍照), then the photo to use or retake.
// Nothing here claims who the person is: the photo goes to the platform, which verifies. For
// 实人核验 the challenge (blink, turn the head) comes first, in large words, with the seconds left.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"

namespace ow::ui {

namespace {
class FaceCaptureScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const FaceCaptureView v = ctx.core.face().face_capture_view();
    draw_header(ctx, tr(v.verify ? Str::VerifyTitle : Str::FaceCaptureTitle));
    begin_body(ctx);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Landscape: picture left, words and buttons right. Portrait: picture on top.
    const bool wide = avail.x > avail.y;
    const ImVec2 box = wide ? ImVec2(avail.x * 0.58f, avail.y) : ImVec2(avail.x, avail.y * 0.5f);
    if (v.photo) photo_.draw(ctx, v.photo.get(), box);
    else draw_live(ctx, v, box);
    if (wide) ImGui::SameLine(0, 32 * s);
    else ImGui::Dummy(ImVec2(0, 16 * s));
    ImGui::BeginGroup();
    const float side_w = wide ? avail.x - box.x - 32 * s : avail.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side_w);
    ImGui::PushFont(ctx.fonts.large);
    if (v.problem && !v.verifying) {
      text(ctx.rec, *v.problem == Str::VerifyNoMatch ? trf(*v.problem, v.tries_left) : tr(*v.problem), theme::kError);
      ImGui::Dummy(ImVec2(0, 12 * s));
    }
    if (v.verifying) {
      text(ctx.rec, tr(Str::VerifyWaiting), theme::kHeader);
    } else if (v.photo) {
      text(ctx.rec, tr(Str::FaceCaptureConfirm));
    } else {
      // The challenge's prompt is the one thing to do now: the title font, so it reads from a step back.
      if (v.liveness_prompt) ImGui::PushFont(ctx.fonts.title);
      const ImU32 color = !v.camera_ok || v.liveness_failed ? theme::kError : v.can_shoot ? theme::kSuccess : theme::kText;
      text(ctx.rec, tr(v.guidance), color);
      if (v.liveness_prompt) ImGui::PopFont();
    }
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 12 * s));
    if (v.liveness_prompt && v.seconds_left > 0) text(ctx.rec, trf(Str::LivenessSecondsLeft, v.seconds_left), theme::kTextMuted);
    else if (!v.photo && !v.verifying && !v.liveness_failed) text(ctx.rec, tr(Str::FaceCaptureHint), theme::kTextMuted);
    text(ctx.rec, tr(Str::FaceCaptureNote), theme::kTextMuted);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 24 * s));
    const ImVec2 button(std::min(side_w, (wide ? 560 : 760) * s), ctx.m.button_h * s);
    ImGui::PushFont(ctx.fonts.large);
    if (v.photo) {
      if (touch_button(ctx.rec, tr(Str::FaceUsePhoto), button)) ctx.send(intent::FaceUsePhoto{});
      ImGui::Dummy(ImVec2(0, 12 * s));
      if (touch_button(ctx.rec, tr(Str::FaceRetake), button, ButtonKind::Secondary)) ctx.send(intent::FaceRetake{});
    } else if (v.liveness_failed) {
      if (touch_button(ctx.rec, tr(Str::LivenessRetry), button)) ctx.send(intent::FaceRetryLiveness{});
    } else if (v.camera_ok && !v.liveness_prompt && !v.verifying) {  // nothing to tap while the platform compares
      // Enabled only while the face is good, so a tap never takes a photo the platform cannot use.
      ImGui::BeginDisabled(!v.can_shoot);
      if (touch_button(ctx.rec, tr(Str::FaceCaptureShutter), button)) ctx.send(intent::FaceShutter{});
      ImGui::EndDisabled();
    }
    ImGui::PopFont();
    ImGui::EndGroup();
    end_body(ctx, kFooterBack | kFooterCancel);
  }

  // The pictures show the citizen's face: they go with the session.
  void reset() override {
    live_.reset();
    photo_.reset();
  }

 private:
  void draw_live(UiContext& ctx, const FaceCaptureView& v, ImVec2 box) {
    const auto [min, max] = live_.draw(ctx, v.preview.get(), box);
    if (!v.overlay || !v.overlay->face || max.x <= min.x) return;
    const capture::FaceBox& f = *v.overlay->face;
    const ImVec2 size(max.x - min.x, max.y - min.y);
    const ImVec2 a(min.x + f.x * size.x, min.y + f.y * size.y);
    const ImVec2 b(a.x + f.width * size.x, a.y + f.height * size.y);
    const float s = ctx.m.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(a, b, v.can_shoot ? theme::kSuccess : theme::kOfflineBadge, 12 * s, 0, 6 * s);
    // How close the automatic photo is: a bar under the box that fills while the face stays still.
    if (v.can_shoot && v.overlay->steady > 0) {
      const float y = std::min(b.y + 16 * s, max.y - 12 * s);
      dl->AddRectFilled(ImVec2(a.x, y), ImVec2(a.x + (b.x - a.x) * static_cast<float>(v.overlay->steady), y + 10 * s),
                        theme::kSuccess, 5 * s);
    }
  }

  CameraView live_;   // the face camera's picture
  CameraView photo_;  // the photo taken
};
}  // namespace

std::unique_ptr<Screen> make_face_capture_screen() { return std::make_unique<FaceCaptureScreen>(); }

}  // namespace ow::ui
