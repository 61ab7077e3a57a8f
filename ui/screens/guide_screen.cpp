// Guide (智能导引): questions one per screen that end at a matter or bundle.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class GuideScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    draw_header(ctx, tr(Str::MattersTitle));
    begin_body(ctx);
    end_body(ctx, kFooterBack | kFooterCancel);
  }
};
}  // namespace

std::unique_ptr<Screen> make_guide_screen() { return std::make_unique<GuideScreen>(); }

}  // namespace ow::ui
