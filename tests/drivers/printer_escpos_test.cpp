#include <doctest/doctest.h>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/print_job.hpp"

using namespace ow::drivers::printer;
using B = Bytes;

// Expected sequences are written out by hand from the Epson ESC/POS command reference.
TEST_CASE("basic commands match the ESC/POS reference byte for byte") {
  CHECK(escpos::init() == B{0x1B, 0x40});
  CHECK(escpos::align(Align::Center) == B{0x1B, 0x61, 0x01});
  CHECK(escpos::align(Align::Right) == B{0x1B, 0x61, 0x02});
  CHECK(escpos::text_size(2, 2) == B{0x1D, 0x21, 0x11});
  CHECK(escpos::text_size(1, 3) == B{0x1D, 0x21, 0x02});
  CHECK(escpos::text_size(1, 1) == B{0x1D, 0x21, 0x00});
  CHECK(escpos::emphasis(true) == B{0x1B, 0x45, 0x01});
  CHECK(escpos::chinese_mode(true) == B{0x1C, 0x26});
  CHECK(escpos::chinese_mode(false) == B{0x1C, 0x2E});
  CHECK(escpos::feed_lines(3) == B{0x1B, 0x64, 0x03});
  CHECK(escpos::feed_dots(24) == B{0x1B, 0x4A, 0x18});
  CHECK(escpos::cut(CutKind::Full) == B{0x1D, 0x56, 0x41, 0x00});
  CHECK(escpos::cut(CutKind::Partial) == B{0x1D, 0x56, 0x42, 0x00});
  CHECK(escpos::status_query(4) == B{0x10, 0x04, 0x04});
  CHECK(escpos::status_query(1) == B{0x10, 0x04, 0x01});
}

TEST_CASE("QR code: model, module size, error level, store, print") {
  CHECK(escpos::qr_model2() == B{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});
  CHECK(escpos::qr_module_size(6) == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06});
  CHECK(escpos::qr_error_level(QrEcc::M) == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31});
  CHECK(escpos::qr_print() == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});
  auto store = escpos::qr_store("ABC");
  REQUIRE(store);
  CHECK(*store == B{0x1D, 0x28, 0x6B, 0x06, 0x00, 0x31, 0x50, 0x30, 'A', 'B', 'C'});
  // pL/pH carry lengths above 255 in two bytes: 300 + 3 = 0x012F.
  auto big = escpos::qr_store(std::string(300, 'x'));
  REQUIRE(big);
  CHECK((*big)[3] == 0x2F);
  CHECK((*big)[4] == 0x01);
  CHECK_FALSE(escpos::qr_store(""));
  CHECK_FALSE(escpos::qr_store(std::string(7090, '1')));
  auto all = escpos::qr("ABC", 6, QrEcc::M);
  REQUIRE(all);
  CHECK(all->size() == 9 + 8 + 8 + 11 + 8);
}

TEST_CASE("raster GS v 0 carries bytes per row and row count little-endian") {
  Raster r(16, 2);
  r.set(0, 0);
  r.set(15, 1);
  CHECK(escpos::raster(r, 0, 2) == B{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x01});
  CHECK(escpos::raster(r, 1, 5) == B{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x01});
  Raster wide(576, 300);
  const auto b = escpos::raster(wide, 0, 300);
  CHECK(b[4] == 72);
  CHECK(b[6] == 0x2C);
  CHECK(b[7] == 0x01);
  CHECK(b.size() == 8 + 72 * 300);
}

TEST_CASE("Chinese text goes out as GB18030 between FS & and FS .") {
  auto line = escpos::text_line("受理A");
  REQUIRE(line);
  // 受 = CA DC, 理 = C0 ED in GB2312/GB18030.
  CHECK(*line == B{0x1C, 0x26, 0xCA, 0xDC, 0xC0, 0xED, 'A', 0x1C, 0x2E, 0x0A});
  auto ascii = escpos::text_line("No. 12");
  REQUIRE(ascii);
  CHECK(*ascii == B{'N', 'o', '.', ' ', '1', '2', 0x0A});
  // A character outside GB2312 still encodes (GB18030 four-byte form): U+20000 𠀀 = 95 32 82 36.
  auto rare = escpos::utf8_to_gb18030("\xF0\xA0\x80\x80");
  REQUIRE(rare);
  CHECK(*rare == "\x95\x32\x82\x36");
  auto back = escpos::gb18030_to_utf8(*rare);
  REQUIRE(back);
  CHECK(*back == "\xF0\xA0\x80\x80");
  CHECK_FALSE(escpos::text_line("\xFF\xFE bad"));
}

TEST_CASE("DLE EOT answers decode per the reference") {
  PrinterCondition c;
  CHECK(escpos::apply_status(4, 0x12, c));
  CHECK(c.paper == PaperLevel::Ok);
  CHECK(escpos::apply_status(4, 0x1E, c));
  CHECK(c.paper == PaperLevel::NearEnd);
  CHECK(escpos::apply_status(4, 0x72, c));
  CHECK(c.paper == PaperLevel::Out);
  CHECK(escpos::apply_status(4, 0x7E, c));
  CHECK(c.paper == PaperLevel::Out);

  PrinterCondition d;
  CHECK(escpos::apply_status(2, 0x16, d));  // bit 2: cover open
  CHECK(d.cover_open);
  CHECK(escpos::apply_status(2, 0x32, d));  // bit 5: stopped by paper end
  CHECK_FALSE(d.cover_open);
  CHECK(d.stopped_paper_end);
  CHECK(escpos::apply_status(1, 0x1A, d));  // bit 3: offline
  CHECK(d.offline);
  CHECK(escpos::apply_status(3, 0x1A, d));  // bit 3: unrecoverable error
  CHECK(d.error);

  PrinterCondition e;
  CHECK_FALSE(escpos::apply_status(4, 0x00, e));  // fixed bits wrong: not a status byte
  CHECK_FALSE(escpos::apply_status(4, 0x93, e));
  CHECK_FALSE(escpos::apply_status(5, 0x12, e));
  CHECK(e.paper == PaperLevel::Ok);
}

TEST_CASE("status bytes the simulator answers are the reference values") {
  PrinterCondition out;
  out.paper = PaperLevel::Out;
  CHECK(escpos::status_byte(4, out) == 0x7E);
  PrinterCondition near;
  near.paper = PaperLevel::NearEnd;
  CHECK(escpos::status_byte(4, near) == 0x1E);
  CHECK(escpos::status_byte(4, PrinterCondition{}) == 0x12);
  PrinterCondition cover;
  cover.cover_open = true;
  CHECK(escpos::status_byte(2, cover) == 0x16);
  CHECK(escpos::status_byte(1, cover) == 0x1A);
}

TEST_CASE("a job encodes init first, bands rasters, and counts paper") {
  Raster r(384, 300);
  PrintJob job{"receipt", {TextLine{"受理编号", Align::Center, 2, true}, Image{r}, QrCode{"https://x/q?r=1"}, Feed{3},
                           Cut{CutKind::Partial}}};
  auto chunks = encode_job(job, 128);
  REQUIRE(chunks);
  REQUIRE(chunks->size() == 1 + 1 + 3 + 1 + 1 + 1);
  CHECK((*chunks)[0].bytes == escpos::init());
  const auto& text = (*chunks)[1].bytes;
  CHECK(B(text.begin(), text.begin() + 9) == B{0x1B, 0x61, 0x01, 0x1D, 0x21, 0x11, 0x1B, 0x45, 0x01});
  CHECK((*chunks)[2].paper_dots == 128);
  CHECK((*chunks)[4].paper_dots == 300 - 256);
  CHECK((*chunks)[6].lines == 3);
  CHECK((*chunks)[7].cuts == 1);
  CHECK((*chunks)[7].bytes == escpos::cut(CutKind::Partial));
  PrintJob bad{"receipt", {TextLine{"\xC3"}}};
  CHECK_FALSE(encode_job(bad));
}
