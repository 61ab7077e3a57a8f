// The matter catalog: the version served, its expiry, the previous version, and rollback.
#include "kiosk/catalog/package.hpp"
#include "kiosk/strings.hpp"
#include "kiosk/text_util.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_catalog_page(PageCtx& c) {
  auto& ctx = c.ui;
  const auto info = c.m.catalog_info();
  section(c, tr(Str::MtNavCatalog));
  row(c, tr(Str::MtCatalogVersion), info.version.empty() ? tr(Str::MtUnknown) : info.version);
  if (!info.title.empty()) row(c, "title", info.title);
  row(c, tr(Str::MtCatalogExpires), info.expires.empty() ? tr(Str::MtUnknown) : info.expires);
  row(c, tr(Str::MtCatalogPrevious), info.previous ? std::to_string(info.previous) : std::string(tr(Str::MtNone)));
  row(c, tr(Str::MtCatalogRing), info.ring.empty() ? tr(Str::MtCatalogRingLast) : info.ring);
  if (info.waiting) {
    catalog::SysTime due;
    const std::string when = !catalog::parse_time(info.waiting_due, due) ? std::string(tr(Str::MtCatalogWaitingNow))
                                                                         : trf(Str::MtCatalogWaitingDue, local_minutes(due));
    row(c, tr(Str::MtCatalogWaiting), std::to_string(info.waiting) + (info.waiting_ring.empty() ? "" : "  " + info.waiting_ring) + "  " + when);
  }
  if (info.previous) {
    ImGui::Dummy(ImVec2(0, 10 * c.scale()));
    if (touch_button(ctx.rec, tr(Str::MtRollback), small_button(c, tr(Str::MtRollback)))) c.m.rollback_catalog();
  }
  if (!c.m.catalog_message().empty()) text(ctx.rec, c.m.catalog_message(), theme::kText);
}

}  // namespace ow::ui::mt
