// Search: finding a matter or bundle by typing (filled in by the find-and-start work).
#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
class SearchScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    draw_header(ctx, tr(Str::MattersTitle));
    begin_body(ctx);
    end_body(ctx, kFooterBack | kFooterCancel);
  }
};
}  // namespace

std::unique_ptr<Screen> make_search_screen() { return std::make_unique<SearchScreen>(); }

}  // namespace ow::ui
