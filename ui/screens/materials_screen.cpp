// Materials: every material the matter needs, each handed in one way — photographed with the
// document camera (live preview with the page outline, auto-capture when steady), replaced by an
// electronic licence, or promised for later (容缺) under its commitment text. The ID card read at
// the start is shown done, with nothing to tap.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"

namespace ow::ui {

namespace {
using catalog::Necessity;

class MaterialsScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    draw_header(ctx, tr(Str::MaterialsTitle));
    begin_body(ctx);
    if (auto capture = ctx.core.materials().capture_view()) draw_capture(ctx, *capture);
    else draw_list(ctx);
    if (end_body(ctx, kFooterBack | kFooterCancel, tr(Str::FormNext))) ctx.send(intent::Next{});
  }

  // The preview texture goes with the session; it may show a page of personal data.
  void reset() override { camera_.reset(); }

 private:
  // A button also findable as "<material> <label>", since every row has the same labels.
  static bool row_button(UiContext& ctx, const std::string& material, const std::string& label, ImVec2 size, ButtonKind kind,
                         int id) {
    const bool pressed = touch_button(ctx.rec, label, size, kind, id);
    ctx.rec.add_target(material + " " + label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    return pressed;
  }

  void draw_list(UiContext& ctx) {
    const float s = ctx.m.scale;
    const ImVec2 button(300 * s, ctx.m.button_h * s * 0.85f);
    int id = 0;
    for (const MaterialItem& item : ctx.core.materials().materials_view()) {
      const catalog::Material& m = *item.material;
      ImGui::PushID(++id);
      ImGui::PushFont(ctx.fonts.large);
      text(ctx.rec, m.name);
      ImGui::PopFont();
      const bool handled = item.pages > 0 || item.licence || item.deferred || item.promised;
      if (item.from_card) {
        // The card read at the start stands for it: done, nothing to tap.
        text(ctx.rec, tr(Str::MaterialsFromCard), theme::kSuccess);
      } else if (handled) {
        if (item.pages > 0) text(ctx.rec, trf(Str::MaterialsPages, item.pages), theme::kSuccess);
        if (item.licence) text(ctx.rec, trf(Str::MaterialsLicenceUsed, m.licence_type), theme::kSuccess);
        if (item.deferred) text(ctx.rec, tr(Str::MaterialsDeferred), theme::kSuccess);
        if (item.promised) text(ctx.rec, tr(Str::MaterialsPromised), theme::kSuccess);
        if (row_button(ctx, m.name, tr(Str::MaterialsRetake), button, ButtonKind::Secondary, 1))
          ctx.send(intent::ClearMaterial{m.code});
      } else {
        const Str need = m.necessity == Necessity::Required   ? Str::MaterialsRequired
                         : m.necessity == Necessity::Optional ? Str::MaterialsOptional
                                                              : Str::MaterialsDeferrable;
        text(ctx.rec, tr(need), m.necessity == Necessity::Required ? theme::kError : theme::kTextMuted);
        if (m.necessity == Necessity::Deferrable && !m.commitment.empty())
          text(ctx.rec, trf(Str::MaterialsDeferCommit, m.commitment), theme::kTextMuted);
        if (!m.promise.empty()) text(ctx.rec, trf(Str::MaterialsPromiseOffer, m.promise), theme::kTextMuted);
        bool first = true;
        auto next = [&] {
          if (!first) ImGui::SameLine();
          first = false;
        };
        if (m.capture != catalog::Capture::None) {
          next();
          if (row_button(ctx, m.name, tr(Str::MaterialsCapture), button, ButtonKind::Primary, 2))
            ctx.send(intent::CaptureMaterial{m.code});
        }
        if (!m.licence_type.empty()) {
          next();
          if (row_button(ctx, m.name, tr(Str::MaterialsUseLicence), button, ButtonKind::Secondary, 3))
            ctx.send(intent::UseLicence{m.code});
        }
        if (m.necessity == Necessity::Deferrable) {
          next();
          if (row_button(ctx, m.name, tr(Str::MaterialsDefer), button, ButtonKind::Secondary, 4))
            ctx.send(intent::DeferMaterial{m.code});
        }
        if (!m.promise.empty()) {
          next();
          if (row_button(ctx, m.name, tr(Str::MaterialsPromise), button, ButtonKind::Secondary, 5))
            ctx.send(intent::PromiseMaterial{m.code});
        }
      }
      ImGui::Dummy(ImVec2(0, 12 * s));
      ImGui::Separator();
      ImGui::Dummy(ImVec2(0, 12 * s));
      ImGui::PopID();
    }
  }

  void draw_capture(UiContext& ctx, const CaptureView& v) {
    const float s = ctx.m.scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Landscape: the picture left, the guidance beside it. Portrait: the picture on top, as wide as
    // the screen, the guidance and the buttons under it.
    const bool portrait = ctx.height() > ctx.width();
    const float side_w = portrait ? avail.x : std::max(420 * s, avail.x * 0.3f);
    const ImVec2 view_box = portrait ? ImVec2(avail.x, std::min(avail.x * 0.75f, avail.y * 0.6f))
                                     : ImVec2(avail.x - side_w - 24 * s, avail.y);
    const auto [min, max] = camera_.draw(ctx, v.preview.get(), view_box);
    if (v.overlay && v.overlay->found && max.x > min.x) {
      const ImVec2 size(max.x - min.x, max.y - min.y);
      ImVec2 pts[4];
      for (int i = 0; i < 4; ++i)
        pts[i] = ImVec2(min.x + v.overlay->outline[static_cast<std::size_t>(i)].x * size.x,
                        min.y + v.overlay->outline[static_cast<std::size_t>(i)].y * size.y);
      ImGui::GetWindowDrawList()->AddPolyline(pts, 4, v.overlay->reason == capture::DocReason::Ok ? theme::kSuccess : theme::kOfflineBadge,
                                              ImDrawFlags_Closed, 6 * s);
    }
    if (portrait) ImGui::Dummy(ImVec2(0, 16 * s));
    else ImGui::SameLine(0, 24 * s);
    ImGui::BeginGroup();
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side_w);
    text(ctx.rec, v.material_name);
    ImGui::PopFont();
    const int taken = static_cast<int>(v.pages + v.pages_before);
    const bool next_page = v.overlay && v.overlay->waiting_for_next_page;
    text(ctx.rec, next_page ? trf(Str::CaptureDocNextPage, taken) : std::string(tr(v.guidance)),
         v.camera_ok ? theme::kText : theme::kError);
    text(ctx.rec, trf(Str::CapturePagesTaken, static_cast<int>(v.pages)), theme::kTextMuted);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 24 * s));
    // Side by side in portrait, where the width allows two.
    const ImVec2 button(portrait ? (side_w - 24 * s) / 2 : side_w, ctx.m.button_h * s);
    if (v.camera_ok) {
      if (touch_button(ctx.rec, tr(Str::CaptureShutter), button)) ctx.send(intent::Shutter{});
      if (portrait) ImGui::SameLine(0, 24 * s);
    }
    if (touch_button(ctx.rec, tr(Str::CaptureDone), button, ButtonKind::Secondary)) ctx.send(intent::FinishCapture{});
    ImGui::EndGroup();
  }

  CameraView camera_;  // the live picture: may show a page of personal data
};
}  // namespace

std::unique_ptr<Screen> make_materials_screen() { return std::make_unique<MaterialsScreen>(); }

}  // namespace ow::ui
