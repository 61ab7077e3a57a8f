#pragma once
// ESC/POS command encoding and real-time status decoding (Epson ESC/POS reference; hardware.md §3).
// Pure functions: no I/O, so the byte sequences are tested against hand-written vectors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/device_error.hpp"
#include "drivers/printer/raster.hpp"

namespace ow::drivers::printer {

using Bytes = std::vector<std::uint8_t>;

enum class Align : std::uint8_t { Left = 0, Center = 1, Right = 2 };
enum class QrEcc : std::uint8_t { L = 48, M = 49, Q = 50, H = 51 };  // fn 69 parameter values
enum class CutKind : std::uint8_t { Full, Partial };

namespace escpos {

// Default line pitch of 203 dpi printers: a 24-dot character row plus spacing (ESC 2).
inline constexpr int kLineDots = 30;
// Paper that passes between print head and cutter when a cut command feeds to the cut position.
inline constexpr int kCutFeedDots = 120;
// Largest QR payload the GS ( k store function accepts (model 2, version 40, numeric).
inline constexpr std::size_t kQrMaxData = 7089;

Bytes init();                           // ESC @
Bytes align(Align a);                   // ESC a n
Bytes text_size(int width, int height);  // GS ! n, multipliers 1–8 each
Bytes emphasis(bool on);                // ESC E n
Bytes chinese_mode(bool on);            // FS & / FS .
Bytes line_feed();                      // LF
Bytes feed_lines(int lines);            // ESC d n (0–255)
Bytes feed_dots(int dots);              // ESC J n (0–255)
Bytes cut(CutKind kind);                // GS V 65/66 0: feed to the cutter, then cut
Bytes status_query(int n);              // DLE EOT n, n = 1–4

// GS v 0 for rows [first_row, first_row + rows) of the image (normal density, m = 0).
Bytes raster(const Raster& image, int first_row, int rows);

// QR by the printer's own generator: GS ( k, cn = 49 (0x31).
Bytes qr_model2();                       // fn 65
Bytes qr_module_size(int dots);          // fn 67, 1–16
Bytes qr_error_level(QrEcc level);       // fn 69
DeviceResult<Bytes> qr_store(std::string_view data);  // fn 80, m = 48
Bytes qr_print();                        // fn 81
DeviceResult<Bytes> qr(std::string_view data, int module_dots, QrEcc level);  // all five in order

// UTF-8 → GB18030 (what printers with Chinese fonts take in FS & mode) and back.
DeviceResult<std::string> utf8_to_gb18030(std::string_view utf8);
DeviceResult<std::string> gb18030_to_utf8(std::string_view gb);

// One text line in the printer's font: FS & … FS . around non-ASCII text, then LF.
DeviceResult<Bytes> text_line(std::string_view utf8);

}  // namespace escpos

// What DLE EOT answers say, merged over n = 1–4.
enum class PaperLevel { Ok, NearEnd, Out };

struct PrinterCondition {
  bool offline = false;
  bool cover_open = false;
  bool stopped_paper_end = false;  // printing stopped because the paper ran out
  bool feed_button = false;
  bool error = false;              // unrecoverable, autocutter or auto-recoverable error
  bool cutter_error = false;
  PaperLevel paper = PaperLevel::Ok;
};

namespace escpos {

// Every real-time status byte has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0.
bool status_byte_valid(std::uint8_t b);
// Applies one answer to DLE EOT n onto `into`; false (and `into` untouched) for an invalid byte.
bool apply_status(int n, std::uint8_t b, PrinterCondition& into);
// The byte a printer in `c` answers to DLE EOT n (used by the simulator).
std::uint8_t status_byte(int n, const PrinterCondition& c);

}  // namespace escpos
}  // namespace ow::drivers::printer
