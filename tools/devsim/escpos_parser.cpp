#include "tools/devsim/escpos_parser.hpp"

#include <algorithm>

namespace ow::devsim::escpos {

namespace {
constexpr std::uint8_t LF = 0x0A, CR = 0x0D, ESC = 0x1B, GS = 0x1D, FS = 0x1C, DLE = 0x10;
constexpr std::size_t kMaxBarcodeBytes = 510;  // GS k m d… NUL: longer data is no barcode
}

void Parser::feed(std::span<const std::uint8_t> bytes, std::vector<Event>& out) {
  if (skip_ > 0) {
    const std::size_t drop = std::min(skip_, bytes.size());
    skip_ -= drop;
    bytes = bytes.subspan(drop);
  }
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  std::size_t pos = 0;
  while (pos < pending_.size()) {
    v_ = std::span<const std::uint8_t>(pending_).subspan(pos);
    const std::size_t used = parse_one(out);
    if (used == 0) break;
    pos += used;
    if (skip_ > 0) {
      // An oversized command's data: drop what is already here, the rest as it arrives.
      const std::size_t drop = std::min(skip_, pending_.size() - pos);
      skip_ -= drop;
      pos += drop;
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pos));
  v_ = {};
}

std::size_t Parser::unknown(std::size_t n, std::string why, std::vector<Event>& out) {
  n = std::min(n, v_.size());
  out.emplace_back(ev::Unknown{{v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(n)}, std::move(why)});
  return n;
}

std::size_t Parser::parse_one(std::vector<Event>& out) {
  const std::uint8_t b = v_[0];
  if (b >= 0x20 && b != 0x7F) {
    // A run of printable bytes; multi-byte characters may be split across runs (the renderer joins them).
    std::size_t n = 1;
    while (n < v_.size() && v_[n] >= 0x20 && v_[n] != 0x7F) ++n;
    out.emplace_back(ev::Text{std::string(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(n))});
    return n;
  }
  switch (b) {
    case LF: out.emplace_back(ev::LineFeed{}); return 1;
    case CR: return 1;  // carriage return alone does not print on ESC/POS printers
    case ESC: return parse_esc(out);
    case GS: return parse_gs(out);
    case FS: return parse_fs(out);
    case DLE: return parse_dle(out);
    default: return unknown(1, "control byte", out);
  }
}

std::size_t Parser::parse_esc(std::vector<Event>& out) {
  if (v_.size() < 2) return 0;
  const std::uint8_t c = v_[1];
  switch (c) {
    case '@': out.emplace_back(ev::Init{}); return 2;
    case '2': out.emplace_back(ev::LineSpacing{-1}); return 2;
    default: break;
  }
  // Commands with one parameter byte.
  static constexpr std::uint8_t one_param[] = {'a', 'E', 'd', 'J', '3', '!', 't', 'M', '-', 'G', 'R', '{', 'V', 'c', ' ', 'U'};
  if (std::find(std::begin(one_param), std::end(one_param), c) == std::end(one_param)) {
    return unknown(2, "unknown ESC command", out);
  }
  if (v_.size() < 3) return 0;
  const int n = v_[2];
  switch (c) {
    case 'a': out.emplace_back(ev::Align{n % 48 > 2 ? 0 : n % 48}); break;
    case 'E': out.emplace_back(ev::Emphasis{(n & 1) != 0}); break;
    case 'd': out.emplace_back(ev::FeedLines{n}); break;
    case 'J': out.emplace_back(ev::FeedDots{n}); break;
    case '3': out.emplace_back(ev::LineSpacing{n}); break;
    case '!':
      out.emplace_back(ev::Emphasis{(n & 0x08) != 0});
      out.emplace_back(ev::CharSize{(n & 0x20) ? 2 : 1, (n & 0x10) ? 2 : 1});
      break;
    default: break;  // code page, font, underline, …: accepted, no effect on the picture
  }
  return 3;
}

std::size_t Parser::parse_gs(std::vector<Event>& out) {
  if (v_.size() < 2) return 0;
  const std::uint8_t c = v_[1];
  switch (c) {
    case '!': {
      if (v_.size() < 3) return 0;
      const int n = v_[2];
      out.emplace_back(ev::CharSize{((n >> 4) & 7) + 1, (n & 7) + 1});
      return 3;
    }
    case 'V': {
      if (v_.size() < 3) return 0;
      const int m = v_[2];
      if (m == 0 || m == 48) { out.emplace_back(ev::Cut{false}); return 3; }
      if (m == 1 || m == 49) { out.emplace_back(ev::Cut{true}); return 3; }
      if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
        if (v_.size() < 4) return 0;
        out.emplace_back(ev::Cut{m != 65 && m != 97 && m != 103});
        return 4;
      }
      return unknown(3, "GS V with unknown mode", out);
    }
    case 'v': {
      if (v_.size() < 8) return 0;
      if (v_[2] != '0') return unknown(3, "GS v with unknown function", out);
      const int width = v_[4] | (v_[5] << 8);
      const int rows = v_[6] | (v_[7] << 8);
      const std::size_t size = static_cast<std::size_t>(width) * static_cast<std::size_t>(rows);
      if (width == 0 || rows == 0 || width > kMaxRasterWidthBytes || rows > kMaxRasterRows) {
        unknown(8, "GS v 0 raster of " + std::to_string(width) + " x " + std::to_string(rows) + " bytes refused", out);
        skip_ = size;
        return 8;
      }
      if (v_.size() < 8 + size) return 0;
      out.emplace_back(ev::Raster{width, rows, {v_.begin() + 8, v_.begin() + 8 + static_cast<std::ptrdiff_t>(size)}});
      return 8 + size;
    }
    case '(': {
      if (v_.size() < 5) return 0;
      const std::size_t len = v_[3] | (static_cast<std::size_t>(v_[4]) << 8);
      if (v_.size() < 5 + len) return 0;
      if (v_[2] != 'k' || len < 2 || v_[5] != 0x31) return unknown(5 + len, "GS ( function not supported", out);
      const int fn = v_[6];
      const auto p = [&](std::size_t i) { return 7 + i < 5 + len ? static_cast<int>(v_[7 + i]) : -1; };
      switch (fn) {
        case 65: out.emplace_back(ev::QrModel{p(0)}); break;
        case 67: out.emplace_back(ev::QrModuleSize{p(0)}); break;
        case 69: out.emplace_back(ev::QrErrorLevel{p(0)}); break;
        case 80:
          if (len < 3) return unknown(5 + len, "QR store without data", out);
          out.emplace_back(ev::QrStore{std::string(v_.begin() + 8, v_.begin() + 5 + static_cast<std::ptrdiff_t>(len))});
          break;
        case 81: out.emplace_back(ev::QrPrint{}); break;
        default: return unknown(5 + len, "QR function " + std::to_string(fn) + " not supported", out);
      }
      return 5 + len;
    }
    case 'L': case 'W':
      if (v_.size() < 4) return 0;
      return 4;  // left margin / print area width: accepted, no effect
    case 'B': case 'H': case 'h': case 'w': case 'f': case 'a':
      if (v_.size() < 3) return 0;
      return 3;
    case 'k': {  // a barcode: skipped (receipts carry QR codes)
      if (v_.size() < 3) return 0;
      const int m = v_[2];
      if (m <= 6) {
        // The NUL is looked for in the first kMaxBarcodeBytes only, however many bytes are buffered,
        // so that the same stream gives the same events whether it arrives whole or in pieces.
        const auto window = v_.begin() + static_cast<std::ptrdiff_t>(std::min(v_.size(), 3 + kMaxBarcodeBytes));
        const auto end = std::find(v_.begin() + 3, window, std::uint8_t{0});
        if (end == window) return v_.size() >= 3 + kMaxBarcodeBytes ? unknown(3, "unterminated barcode", out) : 0;
        return unknown(static_cast<std::size_t>(end - v_.begin()) + 1, "barcode not rendered", out);
      }
      if (v_.size() < 4) return 0;
      const std::size_t n = v_[3];
      if (v_.size() < 4 + n) return 0;
      return unknown(4 + n, "barcode not rendered", out);
    }
    default: return unknown(2, "unknown GS command", out);
  }
}

std::size_t Parser::parse_fs(std::vector<Event>& out) {
  if (v_.size() < 2) return 0;
  switch (v_[1]) {
    case '&': out.emplace_back(ev::ChineseMode{true}); return 2;
    case '.': out.emplace_back(ev::ChineseMode{false}); return 2;
    case '!': case 'W': case '-': case 'C': {
      if (v_.size() < 3) return 0;
      const int n = v_[2];
      if (v_[1] == '!') out.emplace_back(ev::CharSize{(n & 0x04) ? 2 : 1, (n & 0x08) ? 2 : 1});
      if (v_[1] == 'W') out.emplace_back(ev::CharSize{(n & 1) ? 2 : 1, (n & 1) ? 2 : 1});
      return 3;  // FS - underline and FS C code system: accepted, no effect
    }
    case 'S':
      if (v_.size() < 4) return 0;
      return 4;
    default: return unknown(2, "unknown FS command", out);
  }
}

std::size_t Parser::parse_dle(std::vector<Event>& out) {
  if (v_.size() < 2) return 0;
  switch (v_[1]) {
    case 0x04:
      if (v_.size() < 3) return 0;
      if (v_[2] < 1 || v_[2] > 4) return unknown(3, "DLE EOT with n outside 1-4", out);
      out.emplace_back(ev::StatusQuery{v_[2]});
      return 3;
    case 0x05:  // DLE ENQ n: real-time request, no answer
      if (v_.size() < 3) return 0;
      return 3;
    case 0x14:  // DLE DC4 fn m t
      if (v_.size() < 5) return 0;
      return 5;
    default: return unknown(1, "stray DLE", out);
  }
}

}  // namespace ow::devsim::escpos
