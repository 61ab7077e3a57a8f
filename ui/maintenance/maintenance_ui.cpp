#include "ui/maintenance/maintenance_ui.hpp"

#include <algorithm>

#include "kiosk/log.hpp"
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui {

std::unique_ptr<MaintenanceUi> MaintenanceUi::start(AppCore& core, std::function<void()> wake) {
  auto attached = maintenance::Attached::attach(core, std::move(wake));
  if (!attached) {
    log::error("maintenance", "maintenance mode unavailable: " + attached.error().message);
    return nullptr;
  }
  return std::unique_ptr<MaintenanceUi>(new MaintenanceUi(core, std::move(*attached)));
}

bool MaintenanceUi::watch_gesture(const ImGuiIO& io, SteadyTime now) {
  if (m().showing()) {
    if (io.MouseDown[0] || io.InputQueueCharacters.Size > 0) m().touch(now);
    press_started_.reset();
    return false;
  }
  const float corner = kCornerSize * std::min(io.DisplaySize.x, io.DisplaySize.y) / 1080.0f;
  const bool in_corner = io.MouseDown[0] && io.MousePos.x >= 0 && io.MousePos.y >= 0 && io.MousePos.x < corner &&
                         io.MousePos.y < corner;
  if (!in_corner || core_.screen() != ScreenId::Attract) {
    press_started_.reset();
    fired_ = false;
    return false;
  }
  if (!press_started_) press_started_ = now;
  if (fired_ || now - *press_started_ < kHold) return false;
  fired_ = true;
  m().begin_entry(now);
  return true;
}

bool MaintenanceUi::update(SteadyTime now) {
  bool changed = m().update(now);
  // AppCore takes no card while maintenance shows; anything else that left the attract screen
  // meanwhile would be a session nobody sees: end it at once.
  if (m().showing() && core_.screen() != ScreenId::Attract) {
    core_.dispatch(intent::Cancel{}, now);
    core_.dispatch(intent::CancelConfirmed{}, now);
    changed = true;
  }
  return changed;
}

SteadyTime MaintenanceUi::next_wake(SteadyTime now) const {
  SteadyTime wake = m().next_wake(now);
  // A finger resting in the corner sends no events: wake when the hold is long enough.
  if (press_started_ && !fired_) wake = std::min(wake, *press_started_ + kHold);
  return wake;
}

void MaintenanceUi::draw(UiContext& ctx) {
  if (!m().camera_preview()) preview_view_.reset();
  if (!m().action_output().image) scan_view_.reset();
  mt::PageCtx c{ctx, m(), &preview_view_, &scan_view_};
  if (!m().active()) {
    mt::draw_pin_keypad(c);
    return;
  }
  const float s = ctx.m.scale, margin = ctx.m.margin * s * 0.5f;
  const float header_h = ctx.m.header_h * s * 0.8f;
  fill_rect(ctx.rec, ImVec2(0, 0), ImVec2(ctx.width(), header_h), theme::kHeader);
  ImGui::PushFont(ctx.fonts.large);
  ImGui::SetCursorPos(ImVec2(margin * 2, (header_h - ImGui::GetTextLineHeight()) / 2));
  const std::string title = std::string(tr(Str::MtTitle)) + " · " + m().technician();
  text_line(ctx.rec, title, theme::kOnHeader);
  const std::string exit_label = tr(Str::MtExit);
  const float exit_w = ImGui::CalcTextSize(exit_label.c_str()).x + 64 * s;
  // Tall enough for its label in the large font with the frame padding, not cut at the bottom.
  const float exit_h = std::min(header_h, std::max(ctx.m.min_target * s, ImGui::GetFrameHeight()));
  ImGui::SetCursorPos(ImVec2(ctx.width() - exit_w - margin * 2, (header_h - exit_h) / 2));
  if (touch_button(ctx.rec, exit_label, ImVec2(exit_w, exit_h), ButtonKind::OnHeader)) m().leave("exit button");
  ImGui::PopFont();
  if (!m().active()) return;

  // Navigation on the left, the page on the right.
  const float nav_w = 260 * s;
  ImGui::SetCursorPos(ImVec2(margin, header_h + margin));
  ImGui::BeginChild("mt-nav", ImVec2(nav_w, ctx.height() - header_h - 2 * margin), false, ImGuiWindowFlags_NoScrollbar);
  const std::pair<maintenance::Page, Str> items[] = {
      {maintenance::Page::Overview, Str::MtNavOverview}, {maintenance::Page::Queue, Str::MtNavQueue},
      {maintenance::Page::Network, Str::MtNavNetwork},   {maintenance::Page::Catalog, Str::MtNavCatalog},
      {maintenance::Page::System, Str::MtNavSystem},     {maintenance::Page::Logs, Str::MtNavLogs}};
  for (const auto& [page, label] : items) {
    const bool current = m().page() == page || (page == maintenance::Page::Overview && m().page() == maintenance::Page::Device);
    if (touch_button(ctx.rec, tr(label), ImVec2(nav_w - margin, ctx.m.button_h * s * 0.8f),
                     current ? ButtonKind::Primary : ButtonKind::Secondary))
      m().go(page);
    ImGui::Dummy(ImVec2(0, 6 * s));
  }
  ImGui::EndChild();

  ImGui::SetCursorPos(ImVec2(nav_w + 2 * margin, header_h + margin));
  ImGui::BeginChild("mt-page", ImVec2(ctx.width() - nav_w - 3 * margin, ctx.height() - header_h - 2 * margin), false);
  switch (m().page()) {
    case maintenance::Page::Overview: mt::draw_overview_page(c); break;
    case maintenance::Page::Device: mt::draw_device_page(c); break;
    case maintenance::Page::Queue: mt::draw_queue_page(c); break;
    case maintenance::Page::Network: mt::draw_network_page(c); break;
    case maintenance::Page::Catalog: mt::draw_catalog_page(c); break;
    case maintenance::Page::System: mt::draw_system_page(c); break;
    case maintenance::Page::Logs: mt::draw_logs_page(c); break;
  }
  ImGui::EndChild();
}

namespace mt {

const char* state_text(drivers::DeviceState s) {
  switch (s) {
    case drivers::DeviceState::Online: return tr(Str::MtStateOnline);
    case drivers::DeviceState::Offline: return tr(Str::MtStateOffline);
    case drivers::DeviceState::Busy: return tr(Str::MtStateBusy);
    case drivers::DeviceState::HardwareError: return tr(Str::MtStateHardwareError);
    case drivers::DeviceState::UserError: return tr(Str::MtStateUserError);
    case drivers::DeviceState::NoDevice: return tr(Str::MtStateNoDevice);
  }
  return tr(Str::MtUnknown);
}

ImU32 state_color(drivers::DeviceState s) {
  switch (s) {
    case drivers::DeviceState::Online: return theme::kSuccess;
    case drivers::DeviceState::Busy: return theme::kPrimary;
    case drivers::DeviceState::UserError: return theme::kOfflineBadge;
    default: return theme::kError;
  }
}

void state_chip(PageCtx& c, drivers::DeviceState s) {
  const float sc = c.scale();
  const char* label = state_text(s);
  const ImVec2 size = ImGui::CalcTextSize(label);
  const ImVec2 pad(16 * sc, 4 * sc);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  fill_rect(c.ui.rec, p, ImVec2(p.x + size.x + 2 * pad.x, p.y + size.y + 2 * pad.y), state_color(s), 8 * sc);
  draw_text(c.ui.rec, ImVec2(p.x + pad.x, p.y + pad.y), s == drivers::DeviceState::UserError ? theme::kOnOfflineBadge : theme::kOnHeader, label);
  ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

void section(PageCtx& c, const char* title) {
  ImGui::Dummy(ImVec2(0, 10 * c.scale()));
  ImGui::PushFont(c.ui.fonts.large);
  text(c.ui.rec, title, theme::kHeader);
  ImGui::PopFont();
}

void row(PageCtx& c, const std::string& label, const std::string& value, ImU32 color) {
  text(c.ui.rec, label + ": " + value, color ? color : theme::kText);
}

ImVec2 small_button(PageCtx& c, const std::string& label) {
  const float s = c.scale();
  return ImVec2(std::max(ImGui::CalcTextSize(label.c_str()).x + 48 * s, c.ui.m.min_target * s * 2), c.ui.m.min_target * s);
}

std::string duration_text(std::int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min";
  if (seconds < 3 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " d";
}

}  // namespace mt
}  // namespace ow::ui
