#include "tools/devsim/printer_sim.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "kiosk/receipt/qr_raster.hpp"

namespace ow::devsim {

namespace pr = drivers::printer;

namespace {

constexpr int kCellDots = 24;  // font A: CJK 24 × 24, ASCII 12 × 24

std::string hex(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  char buf[4];
  for (std::size_t i = 0; i < bytes.size() && i < 16; ++i) {
    std::snprintf(buf, sizeof buf, "%02X ", bytes[i]);
    out += buf;
  }
  if (bytes.size() > 16) out += "…";
  return out;
}

// GB18030 bytes to UTF-8, one character at a time so that a bad byte costs one '?' only.
std::string decode_gb(const std::string& gb) {
  std::string out;
  for (std::size_t i = 0; i < gb.size();) {
    const auto b = static_cast<unsigned char>(gb[i]);
    std::size_t n = 1;
    if (b >= 0x81 && b <= 0xFE && i + 1 < gb.size()) {
      const auto b1 = static_cast<unsigned char>(gb[i + 1]);
      n = (b1 >= 0x30 && b1 <= 0x39) ? 4 : 2;
    }
    if (b < 0x80) {
      out += static_cast<char>(b);
    } else if (auto u = pr::escpos::gb18030_to_utf8(std::string_view(gb).substr(i, n)); u && i + n <= gb.size()) {
      out += *u;
    } else {
      out += '?';
    }
    i += std::min(n, gb.size() - i);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<PrinterSim>> PrinterSim::create(PrinterSimOptions options) {
  if (options.width_dots < 128 || options.width_dots > 2048) return fail("paper width must be 128-2048 dots");
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) return fail("cannot create " + options.out_dir.string() + ": " + ec.message());
  auto font = receipt::Font::load(options.font_file, options.font_index);
  if (!font) return tl::unexpected(font.error());
  return std::unique_ptr<PrinterSim>(new PrinterSim(std::move(options), std::move(*font)));
}

PrinterSim::PrinterSim(PrinterSimOptions options, std::unique_ptr<receipt::Font> font)
    : options_(std::move(options)), font_(std::move(font)), page_(options_.width_dots, 0) {}

std::vector<std::uint8_t> PrinterSim::receive(std::span<const std::uint8_t> bytes) {
  std::vector<escpos::Event> events;
  parser_.feed(bytes, events);
  std::vector<std::uint8_t> reply;
  for (const auto& e : events) handle(e, reply);
  return reply;
}

bool PrinterSim::can_print() const {
  return !condition_.cover_open && !condition_.offline && !condition_.error && condition_.paper != pr::PaperLevel::Out;
}

void PrinterSim::reset_modes() {
  align_ = 0;
  char_w_ = char_h_ = 1;
  line_dots_ = 30;
  bold_ = chinese_ = false;
  line_.clear();
}

void PrinterSim::handle(const escpos::Event& e, std::vector<std::uint8_t>& reply) {
  using namespace escpos::ev;
  if (const auto* q = std::get_if<StatusQuery>(&e)) {
    reply.push_back(pr::escpos::status_byte(q->n, condition_));
    return;
  }
  if (const auto* u = std::get_if<Unknown>(&e)) {
    ++unknown_;
    std::fprintf(stderr, "devsim printer: skipped %s: %s\n", u->why.c_str(), hex(u->bytes).c_str());
    return;
  }
  // A stopped printer (cover open, paper out, offline) drops what it is sent.
  if (!can_print()) return;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Init>) {
          reset_modes();
        } else if constexpr (std::is_same_v<T, Text>) {
          if (line_.empty() || line_.back().chinese != chinese_ || line_.back().width != char_w_ ||
              line_.back().height != char_h_ || line_.back().bold != bold_) {
            line_.push_back(Segment{"", chinese_, char_w_, char_h_, bold_});
          }
          line_.back().bytes += v.bytes;
        } else if constexpr (std::is_same_v<T, LineFeed>) {
          print_line();
        } else if constexpr (std::is_same_v<T, FeedLines>) {
          if (!line_.empty()) print_line();
          advance(v.lines * line_dots_);
        } else if constexpr (std::is_same_v<T, FeedDots>) {
          if (!line_.empty()) print_line();
          advance(v.dots);
        } else if constexpr (std::is_same_v<T, LineSpacing>) {
          line_dots_ = v.dots < 0 ? 30 : std::max(v.dots, 1);
        } else if constexpr (std::is_same_v<T, Align>) {
          align_ = v.value;
        } else if constexpr (std::is_same_v<T, CharSize>) {
          char_w_ = v.width;
          char_h_ = v.height;
        } else if constexpr (std::is_same_v<T, Emphasis>) {
          bold_ = v.on;
        } else if constexpr (std::is_same_v<T, ChineseMode>) {
          chinese_ = v.on;
        } else if constexpr (std::is_same_v<T, Raster>) {
          if (!line_.empty()) print_line();
          pr::Raster image(v.width_bytes * 8, v.rows);
          image.bits = v.data;
          place(image);
        } else if constexpr (std::is_same_v<T, QrModuleSize>) {
          qr_module_ = std::clamp(v.dots, 1, 16);
        } else if constexpr (std::is_same_v<T, QrErrorLevel>) {
          qr_level_ = std::clamp(v.level, 48, 51);
        } else if constexpr (std::is_same_v<T, QrStore>) {
          qr_data_ = v.data;
        } else if constexpr (std::is_same_v<T, QrPrint>) {
          if (!line_.empty()) print_line();
          auto code = receipt::qr_raster(qr_data_, qr_module_, static_cast<pr::QrEcc>(qr_level_));
          if (!code || code->width > options_.width_dots) {
            std::fprintf(stderr, "devsim printer: QR print skipped (%s)\n", code ? "wider than paper" : "no data stored");
            return;
          }
          page_text_.push_back("[QR] " + qr_data_);
          place(*code);
        } else if constexpr (std::is_same_v<T, Cut>) {
          if (!line_.empty()) print_line();
          advance(pr::escpos::kCutFeedDots / 4);  // the blank tail above the cutter, shortened
          if (can_print()) write_piece("");
        }
      },
      e);
}

void PrinterSim::advance(int dots) {
  if (dots <= 0 || !can_print()) return;
  if (paper_left_dots_ >= 0) {
    paper_left_dots_ -= dots;
    if (paper_left_dots_ <= 0) {
      // The roll ends here: what was printed stays in the printer, the rest of the job is lost.
      paper_left_dots_ = 0;
      y_ += dots;
      page_.resize_height(std::max(page_.height, y_));
      write_piece("-paper-out");
      condition_.paper = pr::PaperLevel::Out;
      condition_.stopped_paper_end = true;
      line_.clear();
      return;
    }
  }
  y_ += dots;
  page_.resize_height(std::max(page_.height, y_));
}

void PrinterSim::place(const pr::Raster& image) {
  int x = 0;
  if (align_ == 1) x = (options_.width_dots - image.width) / 2;
  if (align_ == 2) x = options_.width_dots - image.width;
  x = std::max(0, x);
  page_.resize_height(std::max(page_.height, y_ + image.height));
  for (int yy = 0; yy < image.height; ++yy)
    for (int xx = 0; xx < image.width && x + xx < options_.width_dots; ++xx)
      if (image.get(xx, yy)) page_.set(x + xx, y_ + yy);
  advance(image.height);
}

void PrinterSim::print_line() {
  struct Cell {
    std::string utf8;
    int width, height;
    bool bold;
  };
  std::vector<Cell> cells;
  std::string text;
  for (const Segment& s : line_) {
    const std::string utf8 = s.chinese ? decode_gb(s.bytes) : s.bytes;
    for (std::size_t i = 0; i < utf8.size();) {
      const std::size_t start = i;
      const char32_t cp = receipt::next_code_point(utf8, i);
      std::string ch = utf8.substr(start, i - start);
      if (!s.chinese && cp >= 0x80) ch = "?";  // a code page character this simulator does not draw
      cells.push_back(Cell{ch, (cp < 0x80 ? kCellDots / 2 : kCellDots) * s.width, kCellDots * s.height, s.bold});
      text += ch;
    }
  }
  line_.clear();
  page_text_.push_back(text);
  // Characters beyond the print width continue on the next line, as on a real printer.
  std::size_t first = 0;
  do {
    int width = 0, height = kCellDots;
    std::size_t end = first;
    while (end < cells.size() && width + cells[end].width <= options_.width_dots) {
      width += cells[end].width;
      height = std::max(height, cells[end].height);
      ++end;
    }
    if (end == first && end < cells.size()) ++end;  // a cell wider than the paper: clipped
    int x = 0;
    if (align_ == 1) x = (options_.width_dots - width) / 2;
    if (align_ == 2) x = options_.width_dots - width;
    const int top = y_;
    page_.resize_height(std::max(page_.height, top + height + 8));
    for (std::size_t i = first; i < end; ++i) {
      const Cell& c = cells[i];
      // A wide Latin glyph of the CJK font is shrunk into its half-width cell, as printer fonts are.
      int px = c.height;
      if (const int natural = font_->text_width(c.utf8, px); natural > c.width) px = px * c.width / natural;
      const int glyph_w = font_->text_width(c.utf8, px);
      // Shrunk glyphs keep the line's baseline (0.88 em below the em box top, see Font::draw).
      const int shift = (height - c.height) + (c.height - px) * 88 / 100;
      font_->draw(page_, x + std::max(0, (c.width - glyph_w) / 2), top + shift, c.utf8, px, c.bold);
      x += c.width;
    }
    advance(height + std::max(0, line_dots_ - kCellDots));
    first = end;
  } while (first < cells.size() && can_print());
}

void PrinterSim::write_piece(const std::string& suffix) {
  ++piece_no_;
  const int height = std::max(1, page_.height);
  std::vector<std::uint8_t> grey(static_cast<std::size_t>(options_.width_dots) * static_cast<std::size_t>(height), 255);
  for (int y = 0; y < page_.height; ++y)
    for (int x = 0; x < page_.width; ++x)
      if (page_.get(x, y)) grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(options_.width_dots) + static_cast<std::size_t>(x)] = 0;
  char name[64];
  std::snprintf(name, sizeof name, "receipt-%04d%s", piece_no_, suffix.c_str());
  const auto png = options_.out_dir / (std::string(name) + ".png");
  if (!stbi_write_png(png.c_str(), options_.width_dots, height, 1, grey.data(), options_.width_dots)) {
    std::fprintf(stderr, "devsim printer: cannot write %s\n", png.c_str());
  }
  std::ofstream txt(options_.out_dir / (std::string(name) + ".txt"));
  for (const std::string& line : page_text_) txt << line << '\n';
  new_pieces_.push_back(png);
  page_ = pr::Raster(options_.width_dots, 0);
  y_ = 0;
  page_text_.clear();
}

std::vector<std::filesystem::path> PrinterSim::take_new_pieces() { return std::exchange(new_pieces_, {}); }

std::string PrinterSim::status_text() const {
  const char* paper = condition_.paper == pr::PaperLevel::Out       ? "out"
                      : condition_.paper == pr::PaperLevel::NearEnd ? "near_end"
                                                                    : "ok";
  std::ostringstream s;
  s << "ok paper=" << paper << " cover=" << (condition_.cover_open ? "open" : "closed")
    << " offline=" << (condition_.offline ? "on" : "off") << " error=" << (condition_.error ? "on" : "off")
    << " pieces=" << piece_no_ << " unknown=" << unknown_ << " slow=" << slow_bps_;
  if (paper_left_dots_ >= 0) s << " paper_left_lines=" << paper_left_dots_ / 30;
  return s.str();
}

std::string PrinterSim::control(const std::string& line) {
  std::istringstream in(line);
  std::string cmd, arg;
  in >> cmd >> arg;
  auto on_off = [&](bool& flag) {
    if (arg != "on" && arg != "off") return std::string("error: expected on or off");
    flag = arg == "on";
    return status_text();
  };
  if (cmd == "status") return status_text();
  if (cmd == "quit") {
    quit_ = true;
    return "ok bye";
  }
  if (cmd == "paper") {
    if (arg == "ok") {
      condition_.paper = pr::PaperLevel::Ok;
      condition_.stopped_paper_end = false;
      paper_left_dots_ = -1;
    } else if (arg == "near_end") {
      condition_.paper = pr::PaperLevel::NearEnd;
    } else if (arg == "out") {
      condition_.paper = pr::PaperLevel::Out;
      condition_.stopped_paper_end = true;
    } else if (arg == "out_after") {
      long lines = -1;
      if (!(in >> lines) || lines < 0) return "error: paper out_after needs a number of lines";
      paper_left_dots_ = lines * 30;
    } else {
      return "error: paper ok|near_end|out|out_after N";
    }
    return status_text();
  }
  if (cmd == "cover") {
    if (arg != "open" && arg != "close") return "error: cover open|close";
    condition_.cover_open = arg == "open";
    return status_text();
  }
  if (cmd == "offline") return on_off(condition_.offline);
  if (cmd == "error") return on_off(condition_.error);
  if (cmd == "slow") {
    int bps = 0;
    const auto [ptr, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), bps);
    if (ec != std::errc() || ptr != arg.data() + arg.size() || bps < 0) return "error: slow BYTES_PER_SECOND (0: full speed)";
    slow_bps_ = bps;
    return status_text();
  }
  return "error: unknown command (status, paper, cover, offline, error, slow, quit)";
}

}  // namespace ow::devsim
