// The machine: software version, uptime, CPU temperature, memory, disk, clock synchronisation, and
// what is plugged in (USB with the known-device table, serial ports, cameras).
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_system_page(PageCtx& c) {
  const auto sys = c.m.system_info();
  section(c, tr(Str::MtNavSystem));
  row(c, tr(Str::MtSoftware), OW_VERSION);
  row(c, tr(Str::MtUptime), duration_text(sys.uptime_s) + " (kiosk " + duration_text(sys.kiosk_uptime_s) + ")");
  if (sys.cpu_temp_c) {
    char t[32];
    std::snprintf(t, sizeof t, "%.1f °C", *sys.cpu_temp_c);
    row(c, tr(Str::MtCpuTemp), t, *sys.cpu_temp_c > 85 ? theme::kError : theme::kText);
  } else {
    row(c, tr(Str::MtCpuTemp), tr(Str::MtUnknown));
  }
  row(c, tr(Str::MtMemory), std::to_string(sys.mem_available_mb) + " / " + std::to_string(sys.mem_total_mb) + " MB");
  row(c, tr(Str::MtDisk), std::to_string(sys.disk_free_mb) + " / " + std::to_string(sys.disk_total_mb) + " MB");
  row(c, tr(Str::MtTimeSync), sys.time_synced ? tr(*sys.time_synced ? Str::OptionYes : Str::OptionNo) : tr(Str::MtUnknown),
      sys.time_synced && !*sys.time_synced ? theme::kError : theme::kText);

  // What is plugged in: a device missing from the config shows here as known or unknown.
  section(c, tr(Str::MtUsbDevices));
  const auto usb = c.m.devices().usb_devices();
  if (usb.empty()) text(c.ui.rec, tr(Str::MtNone), theme::kTextMuted);
  for (const auto& d : usb) {
    char id[16];
    std::snprintf(id, sizeof id, "%04x:%04x", d.vendor, d.product);
    text(c.ui.rec, std::string(id) + "  " + d.port_path + "  " + d.family + "  " + d.model,
         d.family == "unknown" ? theme::kTextMuted : theme::kText);
  }
  for (const auto& port : c.m.devices().serial_ports()) text(c.ui.rec, port, theme::kText);
  for (const auto& video : c.m.devices().video_devices()) text(c.ui.rec, video, theme::kText);
}

}  // namespace ow::ui::mt
