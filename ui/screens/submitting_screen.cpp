// Submitting: shown only while the submission is committed to the local store (milliseconds,
// unless the disk is slow); the network is never waited for.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class SubmittingScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::SetCursorPosY(ctx.height() * 0.42f);
    text_centered(ctx.rec, tr(Str::SubmittingTitle), theme::kText);
    ImGui::PopFont();
  }
};
}  // namespace

std::unique_ptr<Screen> make_submitting_screen() { return std::make_unique<SubmittingScreen>(); }

}  // namespace ow::ui
