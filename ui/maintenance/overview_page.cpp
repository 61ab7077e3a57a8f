// Overview: every device with a coloured status, then the platform link, the queue, the catalog and
// the disk — what a technician needs to see in the first minute.
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_overview_page(PageCtx& c) {
  auto& ctx = c.ui;
  const float s = c.scale();
  const auto q = c.m.queue_view();
  if (!q.store_fault.empty()) {
    // First, in red: the kiosk takes no applications until the technician restores the key.
    section(c, tr(Str::MtStoreLocked));
    text(ctx.rec, q.store_fault, theme::kError);
  }
  const auto devices = c.m.device_list();
  section(c, tr(Str::MtDevices));
  int id = 0;
  for (const auto& d : devices) {
    ImGui::PushID(++id);
    const std::string label = d.name + "  (" + d.family + ")";
    if (touch_button(ctx.rec, label, ImVec2(520 * s, ctx.m.min_target * s), ButtonKind::Secondary, id)) c.m.open_device(d.name);
    ImGui::SameLine(0, 20 * s);
    state_chip(c, d.state);
    if (!d.last_error.empty() && d.state != drivers::DeviceState::Online) {
      ImGui::SameLine(0, 20 * s);
      text(ctx.rec, d.last_error, theme::kTextMuted);
    }
    ImGui::PopID();
  }
  if (devices.empty()) text(ctx.rec, tr(Str::MtNone), theme::kTextMuted);

  const auto sync = c.m.sync_status();
  section(c, tr(Str::MtPlatform));
  if (!sync.configured) row(c, tr(Str::MtPlatform), tr(Str::MtNotConfigured));
  else row(c, tr(Str::MtPlatform), tr(sync.online ? Str::MtReachable : Str::MtUnreachable), sync.online ? theme::kSuccess : theme::kError);
  if (q.stats) {
    row(c, tr(Str::MtNavQueue), trf(Str::MtQueueDepth, static_cast<int>(q.stats->queue_depth)) +
                                    (q.stats->oldest_pending_age_s ? "  · " + std::string(tr(Str::MtOldest)) + " " +
                                                                         duration_text(*q.stats->oldest_pending_age_s)
                                                                   : std::string()));
  }
  if (q.stats) row(c, tr(Str::MtHelpReports), trf(Str::MtHelpDays, maintenance::kHelpReportDays) + "  " +
                                                   trf(Str::MtHelpCount, static_cast<int>(q.help_count)));
  const auto cat = c.m.catalog_info();
  row(c, tr(Str::MtCatalogVersion), cat.version.empty() ? tr(Str::MtUnknown) : cat.version);
  const auto sys = c.m.system_info();
  row(c, tr(Str::MtDisk), std::to_string(sys.disk_free_mb) + " / " + std::to_string(sys.disk_total_mb) + " MB");
}

}  // namespace ow::ui::mt
