// The link to the platform: reachability, the last successful exchange (heartbeats included),
// the last error, and the expiry dates of the TLS certificates.
#include "kiosk/strings.hpp"
#include "ui/maintenance/pages.hpp"

namespace ow::ui::mt {

void draw_network_page(PageCtx& c) {
  auto& ctx = c.ui;
  const auto sync = c.m.sync_status();
  section(c, tr(Str::MtPlatform));
  if (!sync.configured) {
    row(c, tr(Str::MtPlatform), tr(Str::MtNotConfigured));
  } else {
    row(c, tr(Str::MtPlatform), tr(sync.online ? Str::MtReachable : Str::MtUnreachable), sync.online ? theme::kSuccess : theme::kError);
    row(c, tr(Str::MtLastSuccess), sync.last_success_ms ? maintenance::rfc3339_utc(*sync.last_success_ms) : tr(Str::MtNone));
    if (!sync.last_error.empty()) row(c, tr(Str::MtLastError), sync.last_error, theme::kError);
  }
  section(c, tr(Str::MtCertificates));
  const auto certs = c.m.certificates();
  if (certs.empty()) text(ctx.rec, tr(Str::MtNone), theme::kTextMuted);
  for (const auto& cert : certs) {
    if (!cert.error.empty()) {
      row(c, cert.role, cert.error, theme::kError);
      continue;
    }
    const bool soon = cert.days_left && *cert.days_left < 30;
    row(c, cert.role, cert.not_after + (cert.days_left ? "  (" + std::to_string(*cert.days_left) + " d)" : std::string()),
        soon ? theme::kError : theme::kText);
  }
}

}  // namespace ow::ui::mt
