// The offline queue: counts by state, the oldest waiting, the last errors, retry one or all; then
// the recent 办不成事 reports. Only receipt numbers, matter codes, steps and errors are shown: no
// personal data.
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_queue_page(PageCtx& c) {
  auto& ctx = c.ui;
  const float s = c.scale();
  const auto q = c.m.queue_view();
  if (touch_button(ctx.rec, tr(Str::MtRefresh), small_button(c, tr(Str::MtRefresh)), ButtonKind::Secondary)) c.m.refresh_queue();
  ImGui::SameLine(0, 20 * s);
  if (touch_button(ctx.rec, tr(Str::MtRetryAll), small_button(c, tr(Str::MtRetryAll)))) c.m.retry_all();
  if (!q.error.empty()) text(ctx.rec, q.error, theme::kError);
  if (!q.stats) return;
  section(c, tr(Str::MtNavQueue));
  for (auto st : {store::OutboxState::Pending, store::OutboxState::Sending, store::OutboxState::Acked, store::OutboxState::Purged,
                  store::OutboxState::Rejected}) {
    const auto it = q.stats->by_state.find(st);
    row(c, std::string(store::state_name(st)), std::to_string(it == q.stats->by_state.end() ? 0 : it->second));
  }
  if (q.stats->oldest_pending_age_s) row(c, tr(Str::MtOldest), duration_text(*q.stats->oldest_pending_age_s));
  if (q.stats->last_error) row(c, tr(Str::MtLastError), *q.stats->last_error, theme::kError);

  section(c, tr(Str::MtRecentErrors));
  int id = 100;
  for (const auto& e : q.waiting) {
    ImGui::PushID(++id);
    if (touch_button(ctx.rec, tr(Str::MtRetry), small_button(c, tr(Str::MtRetry)), ButtonKind::Secondary, id)) c.m.retry(e.id);
    ImGui::SameLine(0, 20 * s);
    text(ctx.rec, e.local_receipt_no + "  " + e.matter_code + "  " + std::string(store::state_name(e.state)) + "  ×" +
                      std::to_string(e.attempts) + (e.last_error ? "  " + *e.last_error : std::string()),
         e.state == store::OutboxState::Rejected ? theme::kError : theme::kText);
    ImGui::PopID();
  }
  if (q.waiting.empty()) text(ctx.rec, tr(Str::MtNone), theme::kTextMuted);

  // Where citizens gave up (办不成事): the time, the step and the matter, nothing personal.
  section(c, tr(Str::MtHelpReports));
  row(c, trf(Str::MtHelpDays, maintenance::kHelpReportDays), trf(Str::MtHelpCount, static_cast<int>(q.help_count)));
  for (const auto& h : q.help)
    text(ctx.rec, h.at + "  " + h.step + "  " + (h.matter_code.empty() ? std::string(tr(Str::MtHelpNoMatter)) : h.matter_code),
         theme::kText);
}

}  // namespace ow::ui::mt
