#pragma once
// What a receipt printer is asked to print, as blocks the layout produced, and their encoding
// into ESC/POS chunks the driver sends one at a time with a status check in between.
#include <string>
#include <variant>
#include <vector>

#include "drivers/device_error.hpp"
#include "drivers/printer/escpos.hpp"
#include "drivers/printer/raster.hpp"

namespace ow::drivers::printer {

// A line in the printer's own font (text mode); Chinese goes out as GB18030 in FS & mode.
struct TextLine {
  std::string text;  // UTF-8
  Align align = Align::Left;
  int scale = 1;  // 1 or 2: width and height multiplier
  bool bold = false;
};
// A picture the host rendered (raster mode: the whole receipt is one).
struct Image {
  Raster raster;
};
// A QR code drawn by the printer's own generator (GS ( k), centred.
struct QrCode {
  std::string data;
  int module_dots = 6;
  QrEcc ecc = QrEcc::M;
};
struct Feed {
  int lines = 1;
};
struct Cut {
  CutKind kind = CutKind::Partial;
};

using Block = std::variant<TextLine, Image, QrCode, Feed, Cut>;

struct PrintJob {
  std::string kind;  // "receipt", "checklist", "ticket", "test": for counters and logs, never personal data
  std::vector<Block> blocks;
};

// One piece of the job: its bytes and what it does to the paper (for the counters).
struct Chunk {
  Bytes bytes;
  int paper_dots = 0;  // paper advanced, in dot rows (203 dpi: 8 dots per mm)
  int lines = 0;       // text lines printed and lines fed
  int cuts = 0;
};

// Encodes the job: ESC @ first, raster images in bands of `band_rows` rows so that paper running
// out is noticed within a few millimetres. Fails on text that is not UTF-8 or an oversized QR.
DeviceResult<std::vector<Chunk>> encode_job(const PrintJob& job, int band_rows = 128);

// Rough height of a printer-drawn QR in dot rows (its version depends on the printer's encoder).
int estimated_qr_dots(std::size_t data_bytes, int module_dots);

}  // namespace ow::drivers::printer
