#pragma once
// The maintenance pages, one file each, and what they share.
#include <string>

#include "kiosk/maintenance/maintenance.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"

namespace ow::ui::mt {

struct PageCtx {
  UiContext& ui;
  maintenance::Maintenance& m;
  CameraView* preview;  // a camera's live picture
  CameraView* scan;     // a scanned page
  float scale() const { return ui.m.scale; }
};

void draw_pin_keypad(PageCtx& c);
void draw_overview_page(PageCtx& c);
void draw_device_page(PageCtx& c);
void draw_queue_page(PageCtx& c);
void draw_network_page(PageCtx& c);
void draw_catalog_page(PageCtx& c);
void draw_system_page(PageCtx& c);
void draw_logs_page(PageCtx& c);

// Shared pieces.
const char* state_text(drivers::DeviceState s);
ImU32 state_color(drivers::DeviceState s);
// A coloured status chip followed by the text on the same line.
void state_chip(PageCtx& c, drivers::DeviceState s);
void section(PageCtx& c, const char* title);
// "label: value" on one line.
void row(PageCtx& c, const std::string& label, const std::string& value, ImU32 color = 0);
ImVec2 small_button(PageCtx& c, const std::string& label);
std::string duration_text(std::int64_t seconds);

}  // namespace ow::ui::mt
