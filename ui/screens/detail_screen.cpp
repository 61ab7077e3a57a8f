// Detail (一次性告知): everything a matter or bundle needs, told once before starting — conditions,
// every material (and which the citizen need not bring), time limit, fee, result and delivery —
// with 打印清单 (the list on the receipt printer) and 开始办理.
#include <algorithm>

#include "kiosk/strings.hpp"
#include "ui/screens/screen.hpp"

namespace ow::ui {

namespace {
using catalog::Delivery;
using catalog::MaterialForm;
using catalog::Necessity;

std::string limit_text(const catalog::TimeLimit& t) {
  if (t.value <= 0) return tr(Str::DetailLimitNone);
  switch (t.unit) {
    case catalog::TimeUnit::NaturalDay: return trf(Str::DetailLimitNatural, t.value);
    case catalog::TimeUnit::Month: return trf(Str::DetailLimitMonth, t.value);
    default: return trf(Str::DetailLimitWorking, t.value);
  }
}

std::string material_line(std::size_t n, const DetailMaterial& m) {
  std::string form = m.form == MaterialForm::Original ? tr(Str::DetailOriginal)
                     : m.form == MaterialForm::Copy   ? trf(Str::DetailCopies, m.copies)
                                                      : tr(Str::DetailElectronic);
  const char* need = m.necessity == Necessity::Required   ? tr(Str::DetailRequired)
                     : m.necessity == Necessity::Optional ? tr(Str::DetailOptional)
                                                          : tr(Str::DetailDeferrable);
  return std::to_string(n) + ". " + m.name + tr(Str::SepParenOpen) + form + tr(Str::SepComma) + need + tr(Str::SepParenClose);
}

std::string delivery_text(const std::vector<Delivery>& ds) {
  std::string out;
  for (Delivery d : ds) {
    if (!out.empty()) out += tr(Str::SepList);
    out += tr(d == Delivery::Window ? Str::DetailDeliveryWindow
              : d == Delivery::Mail ? Str::DetailDeliveryMail
                                    : Str::DetailDeliveryElectronic);
  }
  return out;
}

class DetailScreen final : public Screen {
 public:
  void draw(UiContext& ctx) override {
    const float s = ctx.m.scale;
    const DetailView v = ctx.core.find().detail_view();
    draw_header(ctx, v.name);
    begin_body(ctx);
    if (v.identity_note) {
      // What the citizen must bring or do first, at the top: told before a tap on 开始办理, not after.
      ImGui::PushFont(ctx.fonts.large);
      text(ctx.rec, tr(*v.identity_note), v.identity_blocks ? theme::kError : theme::kHeader);
      ImGui::PopFont();
      ImGui::Dummy(ImVec2(0, 12 * s));
    }
    draw_print(ctx, v);

    section(ctx, tr(Str::DetailConditions));
    if (!v.conditions.empty()) text(ctx.rec, v.conditions, theme::kText);
    if (v.bundle) {
      text(ctx.rec, tr(Str::DetailSteps), theme::kText);
      for (std::size_t i = 0; i < v.steps.size(); ++i) text(ctx.rec, "  " + std::to_string(i + 1) + ". " + v.steps[i], theme::kText);
    }

    section(ctx, tr(Str::DetailMaterials));
    // A heading with nothing under it reads as missing information.
    if (v.materials.empty()) text(ctx.rec, tr(Str::DetailNoMaterials), theme::kText);
    for (std::size_t i = 0; i < v.materials.size(); ++i) {
      const DetailMaterial& m = v.materials[i];
      text(ctx.rec, material_line(i + 1, m), theme::kText);
      if (m.skip) text(ctx.rec, "    " + trf(*m.skip, m.skip_detail), theme::kSuccess);
      if (!m.note.empty()) text(ctx.rec, "    " + m.note, theme::kTextMuted);
      ImGui::Dummy(ImVec2(0, 4 * s));
    }

    section(ctx, tr(Str::DetailTimeLimit));
    text(ctx.rec, limit_text(v.promised), theme::kText);
    if (v.instant) text(ctx.rec, tr(Str::DetailInstant), theme::kSuccess);
    section(ctx, tr(Str::DetailFee));
    text(ctx.rec, v.fee.empty() ? tr(Str::DetailFree) : v.fee, theme::kText);
    if (!v.result_name.empty()) {
      section(ctx, tr(Str::DetailResult));
      text(ctx.rec, v.result_name, theme::kText);
    }
    if (!v.delivery.empty()) {
      section(ctx, tr(Str::DetailDelivery));
      text(ctx.rec, delivery_text(v.delivery), theme::kText);
    }
    if (!v.department.empty()) {
      section(ctx, tr(Str::DetailDepartment));
      text(ctx.rec, v.department, theme::kText);
    }
    if (!v.self_service) {
      ImGui::Dummy(ImVec2(0, 12 * s));
      text(ctx.rec, tr(Str::DetailNotSelfService), theme::kError);
    }
    ImGui::Dummy(ImVec2(0, 24 * s));
    const char* start = v.starting ? tr(Str::DetailStarting) : tr(Str::DetailStart);
    if (end_body(ctx, kFooterBack | kFooterCancel, v.self_service && !v.identity_blocks ? start : nullptr))
      ctx.send(intent::StartApplication{});
  }

 private:
  static void section(UiContext& ctx, const std::string& title) {
    ImGui::Dummy(ImVec2(0, 14 * ctx.m.scale));
    ImGui::PushFont(ctx.fonts.large);
    text(ctx.rec, title, theme::kHeader);
    ImGui::PopFont();
  }

  // 打印清单 and what became of it; printing runs on the worker, so the screen keeps answering.
  static void draw_print(UiContext& ctx, const DetailView& v) {
    const float s = ctx.m.scale;
    ImGui::PushFont(ctx.fonts.large);
    const float w = ImGui::CalcTextSize(tr(Str::DetailPrint)).x + 120 * s;
    if (touch_button(ctx.rec, tr(Str::DetailPrint), ImVec2(w, ctx.m.button_h * s), ButtonKind::Secondary) &&
        v.print != PrintState::Printing)
      ctx.send(intent::PrintChecklist{});
    ImGui::PopFont();
    std::optional<Str> status;
    ImU32 color = theme::kTextMuted;
    switch (v.print) {
      case PrintState::Printing: status = Str::DetailPrinting; break;
      case PrintState::Printed: status = Str::DetailPrinted, color = theme::kSuccess; break;
      case PrintState::Failed: status = v.print_failure, color = theme::kError; break;
      case PrintState::Unavailable: status = Str::DetailPrintUnavailable, color = theme::kError; break;
      case PrintState::None: break;
    }
    if (!status) return;
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (ctx.m.button_h * s - ImGui::GetTextLineHeight()) / 2);
    text(ctx.rec, tr(*status), color);
  }
};
}  // namespace

std::unique_ptr<Screen> make_detail_screen() { return std::make_unique<DetailScreen>(); }

}  // namespace ow::ui
