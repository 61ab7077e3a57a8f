#include "kiosk/receipt/printing.hpp"

#include "kiosk/log.hpp"
#include "kiosk/receipt/paper_render.hpp"

namespace ow {

Printing::Printing(AppContext& ctx) : ctx_(ctx) {
  if (!ctx_.devices().receipt_printer) return;
  auto font = receipt::Font::load(ctx_.config().font_file, ctx_.config().font_index);
  if (font) font_ = std::move(*font);
  else log::warn("printer", "receipt font: " + font.error().message);
}

void Printing::print(receipt::Layout layout, const char* what, std::function<void(const drivers::printer::JobResult&)> done) {
  receipt::PaperOptions po;
  po.width_dots = ctx_.config().printer.width_dots;
  po.mode = ctx_.config().printer.text_mode ? receipt::PrintMode::Text : receipt::PrintMode::Raster;
  ctx_.worker().post([this, layout = std::move(layout), po, what, done = std::move(done)] {
    OW_CHECK_SEQUENCE(worker_);
    auto job = receipt::to_print_job(layout, po, *font_);
    if (!job) {
      log::error("printer", std::string(what) + " layout: " + job.error().message);
      drivers::printer::JobResult failed;
      failed.failure = drivers::printer::JobFailure::BadJob;
      failed.message = job.error().message;
      done(failed);
      return;
    }
    ctx_.devices().receipt_printer->print(std::move(*job), [what, done](const drivers::printer::JobResult& r) {
      log::info("printer", std::string(what) + " job " + std::to_string(r.job_id) + (r.ok() ? " printed" : " failed: " + r.message));
      done(r);
    });
  });
}

void Printing::reprint(std::uint64_t job_id, std::function<void(const drivers::printer::JobResult&)> done) {
  ctx_.devices().receipt_printer->reprint(job_id, std::move(done));
}

}  // namespace ow
