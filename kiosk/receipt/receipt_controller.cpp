#include "kiosk/receipt/receipt_controller.hpp"

#include "kiosk/application/application_controller.hpp"
#include "kiosk/receipt/printing.hpp"
#include "kiosk/review/review_controller.hpp"
#include "offline_store/receipt_number.hpp"

namespace ow {

namespace {
Str failure_text(drivers::printer::JobFailure f) {
  using drivers::printer::JobFailure;
  switch (f) {
    case JobFailure::PaperOut: return Str::PrintFailedPaper;
    case JobFailure::CoverOpen: return Str::PrintFailedCover;
    default: return Str::PrintFailedOther;
  }
}
}  // namespace

ReceiptController::ReceiptController(AppContext& ctx, ApplicationController& application, ReviewController& review,
                                     Printing& printing)
    : ctx_(ctx), application_(application), review_(review), printing_(printing) {}

void ReceiptController::handle(const intent::Finish&, SteadyTime now) {
  if (ctx_.on(ScreenId::Receipt)) ctx_.go(ScreenId::Evaluation, now);
}

std::string ReceiptController::query_url(const std::string& receipt_no) const {
  const std::string& base = ctx_.config().printer.query_url;
  return base.empty() ? receipt_no : base + receipt_no;
}

void ReceiptController::print_receipt() {
  auto& d = ctx_.data();
  const catalog::Matter* m = application_.current_matter();
  if (!m) return;
  d.print = PrintState::Unavailable;
  if (!printing_.available()) return;
  receipt::ReceiptContent c;
  c.hall_name = ctx_.config().hall_name;
  c.matter_name = m->name;
  c.is_bundle = !d.bundle_code.empty();
  c.receipt_no = d.receipt_no;
  const ApplicantRecord applicant = build_applicant(d);
  c.id_number = applicant.applicant.id_number.clone();
  c.applicant_name = applicant.applicant.name.clone();
  c.submitted_at = std::chrono::system_clock::now();
  // Dates, not day counts: the citizen should not have to count working days around a holiday.
  const catalog::WorkCalendar& cal = ctx_.catalog().calendar;
  const catalog::Day today = catalog::local_today();
  if (const auto due = promised_due(*m)) {
    c.promised_date = catalog::iso_date(due->day);
    c.dates_assumed = due->assumed;
  }
  if (d.prereview)
    for (const auto& code : d.prereview->deferred_materials)
      if (const catalog::Material* mat = m->material(code)) {
        receipt::DeferredMaterial item{mat->name, {}};
        if (!mat->deferral_until_result) {
          const catalog::DueDate due = catalog::due_date(cal, today, mat->deferral);
          item.due = catalog::iso_date(due.day);
          c.dates_assumed = c.dates_assumed || due.assumed;
        }
        c.deferred.push_back(std::move(item));
      }
  if (d.prereview)
    for (const auto& code : d.prereview->promised_materials)
      if (const catalog::Material* mat = m->material(code)) c.promised.push_back(mat->name);
  c.query_url = query_url(d.receipt_no);
  c.delivery = review_.delivery_words();
  c.hotline = ctx_.config().printer.hotline;
  d.print = PrintState::Printing;
  printing_.print(receipt::layout_receipt(c, ctx_.session().language()), "receipt", [this](const drivers::printer::JobResult& r) {
    ctx_.post([this, r] {
      auto& data = ctx_.data();
      if (!ctx_.on(ScreenId::Receipt)) return;
      data.print = r.ok() ? PrintState::Printed : PrintState::Failed;
      data.print_failure = failure_text(r.failure);
      data.print_job = r.reprint_available ? r.job_id : 0;
    });
  });
}

void ReceiptController::handle(const intent::Reprint&, SteadyTime) {
  auto& d = ctx_.data();
  if (!ctx_.on(ScreenId::Receipt) || !printing_.available() || d.print != PrintState::Failed) return;
  if (d.print_job == 0) {
    print_receipt();
    return;
  }
  d.print = PrintState::Printing;
  printing_.reprint(d.print_job, [this](const drivers::printer::JobResult& r) {
    ctx_.post([this, r] {
      auto& data = ctx_.data();
      if (!ctx_.on(ScreenId::Receipt)) return;
      data.print = r.ok() ? PrintState::Printed : PrintState::Failed;
      data.print_failure = failure_text(r.failure);
    });
  });
}

std::optional<catalog::DueDate> ReceiptController::promised_due(const catalog::Matter& m) const {
  if (m.promised_limit.value <= 0) return std::nullopt;
  return catalog::due_date(ctx_.catalog().calendar, catalog::local_today(), m.promised_limit);
}

ReceiptView ReceiptController::receipt_view() const {
  const catalog::Matter* m = application_.current_matter();
  const auto& d = ctx_.data();
  const auto due = m ? promised_due(*m) : std::nullopt;
  return ReceiptView{d.receipt_no,
                     store::group_receipt_number(d.receipt_no),
                     m ? m->name : std::string(),
                     due ? catalog::iso_date(due->day) : std::string(),
                     query_url(d.receipt_no),
                     d.print,
                     d.print_failure,
                     m ? review_.delivery_words() : std::string(),
                     take_card(d)};
}

}  // namespace ow
