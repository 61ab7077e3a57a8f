// Detail (一次性告知): what a matter or bundle needs, before starting it.
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class DetailScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    draw_header(ctx, tr(Str::MattersTitle));
    begin_body(ctx);
    end_body(ctx, kFooterBack | kFooterCancel);
  }
};
}  // namespace

std::unique_ptr<Screen> make_detail_screen() { return std::make_unique<DetailScreen>(); }

}  // namespace ow::ui
