#pragma once
// The device side of a thermal receipt printer: takes the ESC/POS byte stream, draws the paper
// (text with the CJK font, rasters, QR codes from the stored data) and writes each cut piece to
// a PNG, answers DLE EOT from its simulated sensors, and takes faults from a control line.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/receipt/font.hpp"
#include "kiosk/result.hpp"
#include "tools/devsim/escpos_parser.hpp"

namespace ow::devsim {

struct PrinterSimOptions {
  int width_dots = 576;
  std::filesystem::path out_dir = ".";
  std::filesystem::path font_file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  int font_index = 2;
};

class PrinterSim {
 public:
  static Result<std::unique_ptr<PrinterSim>> create(PrinterSimOptions options);

  // Bytes from the host; returns what the printer answers (status bytes), in order.
  std::vector<std::uint8_t> receive(std::span<const std::uint8_t> bytes);

  // One control line ("paper out_after 40", "cover open", "status", …); the reply starts with
  // "ok" or "error". `slow` and `quit` are the transport's business and only parsed here.
  std::string control(const std::string& line);
  int slow_bytes_per_second() const { return slow_bps_; }
  bool quit_requested() const { return quit_; }

  // Files written since the last call (the runner announces them on stdout).
  std::vector<std::filesystem::path> take_new_pieces();
  int pieces() const { return piece_no_; }
  std::uint64_t unknown_commands() const { return unknown_; }
  const drivers::printer::PrinterCondition& condition() const { return condition_; }

 private:
  explicit PrinterSim(PrinterSimOptions options, std::unique_ptr<receipt::Font> font);
  struct Segment {
    std::string bytes;
    bool chinese = false;
    int width = 1, height = 1;
    bool bold = false;
  };
  void handle(const escpos::Event& e, std::vector<std::uint8_t>& reply);
  bool can_print() const;
  void print_line();
  void advance(int dots);
  void place(const drivers::printer::Raster& image);
  void write_piece(const std::string& suffix);
  void reset_modes();
  std::string status_text() const;

  PrinterSimOptions options_;
  std::unique_ptr<receipt::Font> font_;
  escpos::Parser parser_;
  drivers::printer::PrinterCondition condition_;
  long paper_left_dots_ = -1;  // -1: endless roll
  int slow_bps_ = 0;
  bool quit_ = false;

  // Print modes (ESC @ resets them).
  int align_ = 0, char_w_ = 1, char_h_ = 1, line_dots_ = 30;
  bool bold_ = false, chinese_ = false;
  int qr_module_ = 3, qr_level_ = 49;
  std::string qr_data_;

  std::vector<Segment> line_;
  drivers::printer::Raster page_;
  int y_ = 0;
  std::vector<std::string> page_text_;  // decoded text lines and QR payloads, beside the PNG
  int piece_no_ = 0;
  std::uint64_t unknown_ = 0;
  std::vector<std::filesystem::path> new_pieces_;
};

}  // namespace ow::devsim
