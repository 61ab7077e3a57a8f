#include "drivers/printer/escpos.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

namespace ow::drivers::printer::escpos {
namespace {

constexpr std::uint8_t ESC = 0x1B, GS = 0x1D, FS = 0x1C, DLE = 0x10, EOT = 0x04, LF = 0x0A;

std::uint8_t u8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }

// GS ( k pL pH cn fn [params]: pL/pH count cn, fn and the parameters.
Bytes qr_function(std::uint8_t fn, std::initializer_list<std::uint8_t> params) {
  const std::size_t len = params.size() + 2;
  Bytes b(7 + params.size());
  b[0] = GS;
  b[1] = '(';
  b[2] = 'k';
  b[3] = static_cast<std::uint8_t>(len & 0xFF);
  b[4] = static_cast<std::uint8_t>(len >> 8);
  b[5] = 0x31;
  b[6] = fn;
  std::copy(params.begin(), params.end(), b.begin() + 7);
  return b;
}

DeviceResult<std::string> convert(std::string_view in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return device_error(DeviceErrorCode::Unsupported, std::string("iconv cannot convert ") + from + " to " + to);
  }
  std::string out(in.size() * 4 + 8, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  const int err = errno;
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    return device_error(DeviceErrorCode::BadFrame, std::string("text is not valid ") + from +
                                                       (err == EILSEQ ? " (invalid sequence)" : " (truncated)"));
  }
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace

Bytes init() { return {ESC, '@'}; }
Bytes align(Align a) { return {ESC, 'a', static_cast<std::uint8_t>(a)}; }
Bytes text_size(int width, int height) {
  const int w = std::clamp(width, 1, 8) - 1;
  const int h = std::clamp(height, 1, 8) - 1;
  return {GS, '!', static_cast<std::uint8_t>((w << 4) | h)};
}
Bytes emphasis(bool on) { return {ESC, 'E', static_cast<std::uint8_t>(on ? 1 : 0)}; }
Bytes chinese_mode(bool on) { return {FS, static_cast<std::uint8_t>(on ? '&' : '.')}; }
Bytes line_feed() { return {LF}; }
Bytes feed_lines(int lines) { return {ESC, 'd', u8(lines)}; }
Bytes feed_dots(int dots) { return {ESC, 'J', u8(dots)}; }
Bytes cut(CutKind kind) { return {GS, 'V', static_cast<std::uint8_t>(kind == CutKind::Full ? 65 : 66), 0}; }
Bytes status_query(int n) { return {DLE, EOT, static_cast<std::uint8_t>(std::clamp(n, 1, 4))}; }

Bytes raster(const Raster& image, int first_row, int rows) {
  first_row = std::clamp(first_row, 0, image.height);
  rows = std::clamp(rows, 0, image.height - first_row);
  const int stride = image.stride();
  const std::size_t size = static_cast<std::size_t>(rows) * static_cast<std::size_t>(stride);
  Bytes b(8 + size);
  const std::uint8_t head[8] = {GS, 'v', '0', 0,
                                static_cast<std::uint8_t>(stride & 0xFF), static_cast<std::uint8_t>((stride >> 8) & 0xFF),
                                static_cast<std::uint8_t>(rows & 0xFF), static_cast<std::uint8_t>((rows >> 8) & 0xFF)};
  std::copy(std::begin(head), std::end(head), b.begin());
  const auto begin = image.bits.begin() + static_cast<std::ptrdiff_t>(first_row) * stride;
  std::copy(begin, begin + static_cast<std::ptrdiff_t>(size), b.begin() + 8);
  return b;
}

Bytes qr_model2() { return qr_function(65, {50, 0}); }
Bytes qr_module_size(int dots) { return qr_function(67, {static_cast<std::uint8_t>(std::clamp(dots, 1, 16))}); }
Bytes qr_error_level(QrEcc level) { return qr_function(69, {static_cast<std::uint8_t>(level)}); }
Bytes qr_print() { return qr_function(81, {48}); }

DeviceResult<Bytes> qr_store(std::string_view data) {
  if (data.empty() || data.size() > kQrMaxData) {
    return device_error(DeviceErrorCode::Unsupported, "QR data must be 1-7089 bytes");
  }
  const std::size_t len = data.size() + 3;
  Bytes b(8 + data.size());
  const std::uint8_t head[8] = {GS, '(', 'k', static_cast<std::uint8_t>(len & 0xFF), static_cast<std::uint8_t>(len >> 8),
                                0x31, 80, 48};
  std::copy(std::begin(head), std::end(head), b.begin());
  std::copy(data.begin(), data.end(), b.begin() + 8);
  return b;
}

DeviceResult<Bytes> qr(std::string_view data, int module_dots, QrEcc level) {
  auto store = qr_store(data);
  if (!store) return tl::unexpected(store.error());
  Bytes b = qr_model2();
  for (const Bytes& part : {qr_module_size(module_dots), qr_error_level(level), *store, qr_print()}) {
    b.insert(b.end(), part.begin(), part.end());
  }
  return b;
}

DeviceResult<std::string> utf8_to_gb18030(std::string_view utf8) { return convert(utf8, "GB18030", "UTF-8"); }
DeviceResult<std::string> gb18030_to_utf8(std::string_view gb) { return convert(gb, "UTF-8", "GB18030"); }

DeviceResult<Bytes> text_line(std::string_view utf8) {
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  Bytes b;
  if (ascii) {
    b.assign(utf8.begin(), utf8.end());
  } else {
    auto gb = utf8_to_gb18030(utf8);
    if (!gb) return tl::unexpected(gb.error());
    b = chinese_mode(true);
    b.insert(b.end(), gb->begin(), gb->end());
    const Bytes off = chinese_mode(false);
    b.insert(b.end(), off.begin(), off.end());
  }
  b.push_back(LF);
  return b;
}

bool status_byte_valid(std::uint8_t b) { return (b & 0x93) == 0x12; }

bool apply_status(int n, std::uint8_t b, PrinterCondition& into) {
  if (!status_byte_valid(b)) return false;
  switch (n) {
    case 1: into.offline = (b & 0x08) != 0; break;
    case 2:
      into.cover_open = (b & 0x04) != 0;
      into.feed_button = (b & 0x08) != 0;
      into.stopped_paper_end = (b & 0x20) != 0;
      into.error = into.error || (b & 0x40) != 0;
      break;
    case 3:
      into.cutter_error = (b & 0x04) != 0;  // autocutter error; bit 3 unrecoverable, bit 5 auto-recoverable
      into.error = into.error || (b & (0x04 | 0x08 | 0x20)) != 0;
      break;
    case 4:
      if ((b & 0x60) != 0) {
        into.paper = PaperLevel::Out;
      } else if ((b & 0x0C) != 0) {
        into.paper = PaperLevel::NearEnd;
      } else {
        into.paper = PaperLevel::Ok;
      }
      break;
    default: return false;
  }
  return true;
}

std::uint8_t status_byte(int n, const PrinterCondition& c) {
  std::uint8_t b = 0x12;
  switch (n) {
    case 1:
      if (c.offline || c.cover_open || c.paper == PaperLevel::Out || c.error) b |= 0x08;
      break;
    case 2:
      if (c.cover_open) b |= 0x04;
      if (c.feed_button) b |= 0x08;
      if (c.stopped_paper_end || c.paper == PaperLevel::Out) b |= 0x20;
      if (c.error) b |= 0x40;
      break;
    case 3:
      if (c.cutter_error) b |= 0x04;
      if (c.error && !c.cutter_error) b |= 0x08;
      break;
    case 4:
      if (c.paper == PaperLevel::Out) b |= 0x60;
      if (c.paper != PaperLevel::Ok) b |= 0x0C;  // the near-end sensor also reads "near end" when out
      break;
    default: break;
  }
  return b;
}

}  // namespace ow::drivers::printer::escpos
