// One device: state, the three health checks and the device's test actions (reprint a failed
// receipt, new paper roll) first, then family details, capabilities, counters, identity, recent errors.
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

namespace {
Str interactive_label(const std::string& family) {
  if (family == "receipt_printer") return Str::MtTestPrinter;
  if (family == "idcard" || family == "sscard") return Str::MtTestIdCard;
  if (family == "camera") return Str::MtTestCamera;
  if (family == "scanner") return Str::MtTestScanner;
  return Str::MtTestOther;
}

void check_row(PageCtx& c, drivers::HealthLevel level, Str label, int id) {
  auto& ctx = c.ui;
  const float s = c.scale();
  if (touch_button(ctx.rec, tr(label), ImVec2(420 * s, ctx.m.min_target * s), ButtonKind::Secondary, id)) c.m.run_check(level);
  ImGui::SameLine(0, 20 * s);
  const auto r = c.m.check_result(level);
  if (r.running) text(ctx.rec, tr(Str::MtRunning), theme::kTextMuted);
  else if (r.passed) text(ctx.rec, std::string(tr(*r.passed ? Str::MtPassed : Str::MtFailed)) + " — " + r.text,
                          *r.passed ? theme::kSuccess : theme::kError);
  else ImGui::NewLine();
}
}  // namespace

void draw_device_page(PageCtx& c) {
  auto& ctx = c.ui;
  const float s = c.scale();
  if (touch_button(ctx.rec, tr(Str::MtBack), small_button(c, tr(Str::MtBack)), ButtonKind::Secondary)) {
    c.m.go(maintenance::Page::Overview);
    return;
  }
  const auto v = c.m.device_view();
  if (!v) return;
  ImGui::PushFont(ctx.fonts.large);
  text(ctx.rec, v->name + "  (" + v->family + ", " + v->port + ")", theme::kHeader);
  ImGui::PopFont();
  state_chip(c, v->state);
  if (v->retry_in_ms) {
    ImGui::SameLine(0, 20 * s);
    text(ctx.rec, trf(Str::MtRetrying, static_cast<int>((*v->retry_in_ms + 999) / 1000)), theme::kTextMuted);
  }

  section(c, tr(Str::MtHealthChecks));
  check_row(c, drivers::HealthLevel::Internal, Str::MtCheckInternal, 1);
  check_row(c, drivers::HealthLevel::External, Str::MtCheckExternal, 2);
  check_row(c, drivers::HealthLevel::Interactive, interactive_label(v->family), 3);

  const auto actions = c.m.device_actions();
  if (!actions.empty()) {
    section(c, tr(Str::MtActions));
    int n = 10;
    for (const auto& a : actions) {
      if (touch_button(ctx.rec, a.label, small_button(c, a.label), ButtonKind::Secondary, ++n)) c.m.run_action(a.id);
    }
    const auto r = c.m.action_result();
    if (r.running) text(ctx.rec, tr(Str::MtRunning), theme::kTextMuted);
    else if (r.passed) text(ctx.rec, r.text, *r.passed ? theme::kSuccess : theme::kError);
  }

  section(c, tr(Str::MtDetails));
  for (const auto& [k, val] : v->details) row(c, k, val);
  std::string caps;
  for (const auto& cap : v->capabilities) caps += (caps.empty() ? "" : ", ") + cap;
  row(c, tr(Str::MtCapabilities), caps);

  section(c, tr(Str::MtCounters));
  row(c, tr(Str::MtOperations), std::to_string(v->counters.operations));
  row(c, tr(Str::MtErrors), std::to_string(v->counters.errors));
  char hours[32];
  std::snprintf(hours, sizeof hours, "%.1f", v->counters.powered_hours);
  row(c, tr(Str::MtPoweredHours), hours);
  if (v->family == "receipt_printer") {
    char paper[32];
    std::snprintf(paper, sizeof paper, "%.2f", v->counters.paper_m);
    row(c, tr(Str::MtPaperUsed), paper);
  }

  section(c, tr(Str::MtIdentity));
  const auto& id = v->identity;
  for (const auto& [k, val] : {std::pair{"manufacturer", id.manufacturer}, std::pair{"model", id.model},
                               std::pair{"serial", id.serial}, std::pair{"firmware", id.firmware}})
    if (!val.empty()) row(c, k, val);

  section(c, tr(Str::MtRecentErrors));
  if (v->recent_errors.empty()) text(ctx.rec, tr(Str::MtNone), theme::kTextMuted);
  for (auto it = v->recent_errors.rbegin(); it != v->recent_errors.rend(); ++it) text(ctx.rec, it->when + "  " + it->text, theme::kTextMuted);
}

}  // namespace ow::ui::mt
