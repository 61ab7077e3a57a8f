// The log tail from the in-memory ring, filtered by level. The log never holds personal data
// (kiosk/log.hpp), so it can be shown as it is.
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_logs_page(PageCtx& c) {
  auto& ctx = c.ui;
  const float s = c.scale();
  text(ctx.rec, tr(Str::MtLevel), theme::kText);
  int id = 200;
  for (log::Level l : {log::Level::Debug, log::Level::Info, log::Level::Warn, log::Level::Error}) {
    ImGui::SameLine(0, 16 * s);
    const std::string label = log::level_name(l);
    if (touch_button(ctx.rec, label, small_button(c, label), c.m.log_level() == l ? ButtonKind::Primary : ButtonKind::Secondary, ++id))
      c.m.set_log_level(l);
  }
  ImGui::Dummy(ImVec2(0, 10 * s));
  ImGui::PushFont(ctx.fonts.body);
  const auto lines = c.m.log_lines(200);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {  // newest first
    const auto& line = *it;
    const ImU32 color = line.level == log::Level::Error ? theme::kError : line.level == log::Level::Warn ? theme::kText : theme::kTextMuted;
    text(ctx.rec, line.time + " " + log::level_name(line.level) + " " + line.component + ": " + line.message, color);
  }
  ImGui::PopFont();
}

}  // namespace ow::ui::mt
