// One device: state, a camera's live picture with the page outline or face box the capture
// pipelines see, the three health checks and the device's test actions (print an A4 test page,
// read a card shown masked, scan a page shown on screen, reprint a failed receipt), then family
// details, capabilities, counters, identity, recent errors.
#include <algorithm>

#include "kiosk/capture/capture_messages.hpp"
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

std::string action_label(const drivers::DeviceAction& a, const std::string& family) {
  if (a.id == "a4_test_page") return tr(Str::MtTestA4);
  if (a.id == "read_card") return tr(family == "sscard" ? Str::MtReadSsCard : Str::MtReadCard);
  if (a.id == "scan_page") return tr(Str::MtScanShow);
  if (a.id == "paper_replaced") return tr(Str::MtPaperReplaced);
  return a.label;
}

std::string field_label(const std::string& key) {
  static const std::pair<const char*, Str> known[] = {
      {"name", Str::MtFieldName},         {"id_number", Str::MtFieldIdNumber},     {"card_type", Str::MtFieldCardType},
      {"valid_to", Str::MtFieldValidTo}, {"card_number", Str::MtFieldCardNumber}, {"identification_code", Str::MtFieldIdentCode}};
  for (const auto& [k, s] : known)
    if (key == k) return tr(s);
  return key;
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

// The live picture with what the capture pipeline sees, and its verdict under it.
void draw_preview(PageCtx& c, const maintenance::CameraPreview& p, float width) {
  auto& ctx = c.ui;
  const float s = c.scale();
  section(c, tr(Str::MtCameraPreview));
  const auto frame = p.frame();
  const auto o = p.overlay();
  const float w = std::min(width, 960 * s);
  const auto [min, max] = c.preview->draw(ctx, frame.get(), ImVec2(w, w * 9 / 16));
  const ImVec2 size(max.x - min.x, max.y - min.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto at = [&](float fx, float fy) { return ImVec2(min.x + fx * size.x, min.y + fy * size.y); };
  std::string verdict;
  bool good = false;
  if (p.kind() == maintenance::PreviewKind::Document) {
    good = o.page_found && o.page_reason == capture::DocReason::Ok;
    if (o.page_found && size.x > 0) {
      ImVec2 pts[4];
      for (std::size_t i = 0; i < 4; ++i) pts[i] = at(o.outline[i].x, o.outline[i].y);
      dl->AddPolyline(pts, 4, good ? theme::kSuccess : theme::kOfflineBadge, ImDrawFlags_Closed, 6 * s);
    }
    // The citizen's "hold still, taking it now" would be wrong here: the preview takes nothing.
    verdict = good ? tr(Str::MtPreviewPageOk) : tr(capture::message(o.page_reason));
  } else {
    good = o.face_reason == capture::FaceReason::Ok;
    if (o.face && size.x > 0)
      dl->AddRect(at(o.face->x, o.face->y), at(o.face->x + o.face->width, o.face->y + o.face->height),
                  good ? theme::kSuccess : theme::kOfflineBadge, 0, 0, 6 * s);
    verdict = p.error().empty() ? std::string(tr(capture::message(o.face_reason))) : p.error();
  }
  if (!frame) verdict = tr(Str::MtPreviewNoFrame);
  text(ctx.rec, verdict, good ? theme::kSuccess : theme::kText);
}

void draw_action_output(PageCtx& c, float width) {
  auto& ctx = c.ui;
  const float s = c.scale();
  const auto& out = c.m.action_output();
  if (!out.fields.empty()) {
    section(c, tr(Str::MtCardResult));
    for (const auto& [k, v] : out.fields) row(c, field_label(k), v);
  }
  if (out.image) {
    section(c, tr(Str::MtScannedPage));
    const float h = 640 * s;
    const float w = h * static_cast<float>(out.image->width) / static_cast<float>(std::max(1, out.image->height));
    c.scan->draw(ctx, out.image.get(), ImVec2(std::min(w, width), h));
  }
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

  // What the device shows (live picture, card read, scanned page) goes beside the checks on a
  // landscape screen, so the technician sees the button and its result at once; under them in portrait.
  const auto* preview = c.m.camera_preview();
  const auto& out = c.m.action_output();
  const bool side = (preview || !out.fields.empty() || out.image) && ctx.width() > ctx.height();
  const float avail = ImGui::GetContentRegionAvail().x, gap = 32 * s;
  const float left_w = side ? std::min(avail * 0.45f, 760 * s) : avail;
  const ImVec2 top = ImGui::GetCursorPos();
  float visual_bottom = 0;
  if (side) {
    ImGui::SetCursorPos(ImVec2(top.x + left_w + gap, top.y));
    ImGui::BeginGroup();
    if (preview) draw_preview(c, *preview, avail - left_w - gap);
    draw_action_output(c, avail - left_w - gap);
    ImGui::EndGroup();
    visual_bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(top);
  } else if (preview) {
    draw_preview(c, *preview, avail);
  }
  ImGui::PushTextWrapPos(top.x + left_w);

  section(c, tr(Str::MtHealthChecks));
  check_row(c, drivers::HealthLevel::Internal, Str::MtCheckInternal, 1);
  check_row(c, drivers::HealthLevel::External, Str::MtCheckExternal, 2);
  check_row(c, drivers::HealthLevel::Interactive, interactive_label(v->family), 3);

  const auto actions = c.m.device_actions();
  if (!actions.empty()) {
    section(c, tr(Str::MtActions));
    int n = 10;
    for (const auto& a : actions) {
      const std::string label = action_label(a, v->family);
      if (touch_button(ctx.rec, label, small_button(c, label), ButtonKind::Secondary, ++n)) c.m.run_action(a.id);
    }
    const auto r = c.m.action_result();
    if (r.running) text(ctx.rec, tr(Str::MtRunning), theme::kTextMuted);
    else if (r.passed) text(ctx.rec, std::string(tr(*r.passed ? Str::MtPassed : Str::MtFailed)) + " — " + r.text,
                            *r.passed ? theme::kSuccess : theme::kError);
    if (!side) draw_action_output(c, avail);
  }
  ImGui::PopTextWrapPos();
  if (ImGui::GetCursorPosY() < visual_bottom) ImGui::Dummy(ImVec2(0, visual_bottom - ImGui::GetCursorPosY()));

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
