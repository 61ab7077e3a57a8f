// AppCore, paper: the 受理回执 is printed once the submission is durable; a failed print says why
// and offers a retry, and the screen shows the same QR code to photograph.
#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "kiosk/text_util.hpp"
#include "drivers/printer/usb_printer_transport.hpp"
#include "drivers/transport/tcp_transport.hpp"

namespace ow {

namespace {
std::unique_ptr<drivers::Transport> printer_transport(const PrinterConfig& c) {
  if (c.transport == "tcp") {
    const auto colon = c.address.rfind(':');
    const std::string host = colon == std::string::npos ? c.address : c.address.substr(0, colon);
    const int port = colon == std::string::npos ? 9100 : std::atoi(c.address.c_str() + colon + 1);
    return std::make_unique<drivers::TcpTransport>(host, static_cast<std::uint16_t>(port));
  }
  if (c.transport == "usb")
    return std::make_unique<drivers::printer::UsbPrinterTransport>(
        drivers::printer::UsbPrinterConfig{static_cast<std::uint16_t>(c.usb_vendor), static_cast<std::uint16_t>(c.usb_product)});
  drivers::TransportConfig t;
  t.port = c.address;
  t.baud = c.baud;
  return drivers::make_transport(t);
}

Str failure_text(drivers::printer::JobFailure f) {
  using drivers::printer::JobFailure;
  switch (f) {
    case JobFailure::PaperOut: return Str::PrintFailedPaper;
    case JobFailure::CoverOpen: return Str::PrintFailedCover;
    default: return Str::PrintFailedOther;
  }
}
}  // namespace

void AppCore::start_printer() {
  if (!config_.printer.enabled()) return;
  drivers::printer::ReceiptPrinterConfig pc;
  pc.width_dots = config_.printer.width_dots;
  printer_ = std::make_unique<drivers::printer::ReceiptPrinter>(pc, printer_transport(config_.printer));
  auto font = receipt::Font::load(config_.font_file, config_.font_index);
  if (font) receipt_font_ = std::move(*font);
  else log::warn("printer", "receipt font: " + font.error().message);
}

std::string AppCore::query_url(const std::string& receipt_no) const {
  return config_.printer.query_url.empty() ? receipt_no : config_.printer.query_url + receipt_no;
}

void AppCore::print_receipt() {
  auto& d = session_.data();
  const catalog::Matter* m = current_matter();
  if (!m) return;
  d.print = PrintState::Unavailable;
  if (!printer_ || !receipt_font_) return;
  receipt::ReceiptContent c;
  c.hall_name = config_.hall_name;
  c.matter_name = m->name;
  c.is_bundle = !d.bundle_code.empty();
  c.receipt_no = d.receipt_no;
  if (d.identity && d.identity->has_verified_person()) {
    c.id_number = d.identity->id_number.str();
    c.applicant_name = d.identity->name.str();
  } else {
    if (auto it = d.form.find("id_number"); it != d.form.end()) c.id_number = it->second;
    if (auto it = d.form.find("name"); it != d.form.end()) c.applicant_name = it->second;
  }
  c.submitted_at = std::chrono::system_clock::now();
  if (d.prereview)
    for (const auto& code : d.prereview->deferred_materials)
      for (const auto& mat : m->materials)
        if (mat.code == code) c.deferred_materials.push_back(mat.name);
  c.query_url = query_url(d.receipt_no);
  c.delivery = delivery_words();
  c.hotline = config_.printer.hotline;
  // Layout and raster are personal data too: they are made and dropped on the worker.
  d.print = PrintState::Printing;
  const receipt::Layout layout = receipt::layout_receipt(c, language());
  wipe(c.id_number);
  wipe(c.applicant_name);
  receipt::PaperOptions po;
  po.width_dots = config_.printer.width_dots;
  po.mode = config_.printer.text_mode ? receipt::PrintMode::Text : receipt::PrintMode::Raster;
  worker_.post([this, layout, po]() {
    auto job = receipt::to_print_job(layout, po, *receipt_font_);
    if (!job) {
      log::error("printer", "receipt layout: " + job.error().message);
      complete([](AppCore& core) { core.session_.data().print = PrintState::Failed; });
      return;
    }
    printer_->print(std::move(*job), [this](const drivers::printer::JobResult& r) {
      log::info("printer", "receipt job " + std::to_string(r.job_id) + (r.ok() ? " printed" : " failed: " + r.message));
      complete([r](AppCore& core) {
        auto& data = core.session_.data();
        if (core.screen() != ScreenId::Receipt) return;
        data.print = r.ok() ? PrintState::Printed : PrintState::Failed;
        data.print_failure = failure_text(r.failure);
        data.print_job = r.reprint_available ? r.job_id : 0;
      });
    });
  });
}

void AppCore::reprint_receipt() {
  auto& d = session_.data();
  if (!printer_ || d.print != PrintState::Failed) return;
  if (d.print_job == 0) {
    print_receipt();
    return;
  }
  d.print = PrintState::Printing;
  printer_->reprint(d.print_job, [this](const drivers::printer::JobResult& r) {
    complete([r](AppCore& core) {
      auto& data = core.session_.data();
      if (core.screen() != ScreenId::Receipt) return;
      data.print = r.ok() ? PrintState::Printed : PrintState::Failed;
      data.print_failure = failure_text(r.failure);
    });
  });
}

}  // namespace ow
