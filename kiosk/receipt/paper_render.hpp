#pragma once
// A receipt layout onto paper: a 1-bit raster drawn with the kiosk's CJK font (works on every
// printer), or printer text in GB18030 for printers with a Chinese font (faster, smaller jobs).
#include "drivers/printer/print_job.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/receipt/font.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "kiosk/result.hpp"

namespace ow::receipt {

enum class PrintMode { Raster, Text };

struct PaperOptions {
  int width_dots = 576;  // 80 mm paper: 576, 58 mm: 384
  PrintMode mode = PrintMode::Raster;
  bool printer_qr = true;  // text mode: QR by the printer (GS ( k); false: host-drawn image
};

// The whole layout as one image `width_dots` wide; long lines wrap, nothing is clipped.
Result<drivers::printer::Raster> render_raster(const Layout& layout, int width_dots, Font& font);

// The layout as a print job, ending with a partial cut. `font` is used in raster mode only.
Result<drivers::printer::PrintJob> to_print_job(const Layout& layout, const PaperOptions& options, Font& font);

// The 受理回执 as one raster, for the lead's receipt screen preview and raster-mode printers.
inline Result<drivers::printer::Raster> render_receipt(const ReceiptContent& content, int width_dots, Font& font,
                                                      Language lang = Language::Chinese) {
  return render_raster(layout_receipt(content, lang), width_dots, font);
}

// Greedy line breaking at `max_width` by `measure` of each code point: breaks after a space in
// Latin text, never puts closing punctuation (，。：） …) at the start of a line.
template <class Measure>
std::vector<std::string> wrap_text(const std::string& text, int max_width, Measure measure);

std::vector<std::string> wrap_by_columns(const std::string& text, int columns);  // printer font: CJK = 2 columns

}  // namespace ow::receipt

#include "kiosk/receipt/wrap_text.inl"
