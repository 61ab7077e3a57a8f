#include "drivers/barcode/line_reader.hpp"

#include <utility>

namespace ow::drivers::barcode {

std::string_view to_string(LineSuffix s) {
  switch (s) {
    case LineSuffix::Auto: return "auto";
    case LineSuffix::Cr: return "cr";
    case LineSuffix::Lf: return "lf";
    case LineSuffix::CrLf: return "crlf";
    case LineSuffix::Tab: return "tab";
    case LineSuffix::None: return "none";
  }
  return "auto";
}

std::optional<LineSuffix> parse_line_suffix(std::string_view s) {
  for (auto v : {LineSuffix::Auto, LineSuffix::Cr, LineSuffix::Lf, LineSuffix::CrLf, LineSuffix::Tab, LineSuffix::None})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::string LineError::message() const {
  const std::string n = std::to_string(bytes) + " bytes";
  switch (code) {
    case LineErrorCode::TooLong: return "scan rejected: longer than the limit (" + n + ")";
    case LineErrorCode::NotUtf8: return "scan rejected: not UTF-8 text (" + n + "); check the scanner's code page and baud rate";
    case LineErrorCode::Incomplete: return "scan dropped: the scanner stopped mid-scan (" + n + ")";
  }
  return "scan rejected";
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

bool LineReader::is_terminator(std::uint8_t b) const {
  switch (options_.suffix) {
    case LineSuffix::Auto: return b == '\r' || b == '\n';
    case LineSuffix::Cr: return b == '\r';
    case LineSuffix::Lf: return b == '\n';
    case LineSuffix::CrLf: return b == '\n';  // the CR before it is dropped in feed()
    case LineSuffix::Tab: return b == '\t';
    case LineSuffix::None: return false;
  }
  return false;
}

std::optional<LineResult> LineReader::finish() {
  const std::size_t n = length_;
  const bool overflow = overflow_;
  length_ = 0;
  overflow_ = false;
  if (n == 0) return std::nullopt;
  if (overflow) {
    buffer_.clear();
    return tl::unexpected(LineError{LineErrorCode::TooLong, n});
  }
  if (!valid_utf8(buffer_.view())) {
    buffer_.clear();
    return tl::unexpected(LineError{LineErrorCode::NotUtf8, n});
  }
  return std::exchange(buffer_, SecretString());
}

void LineReader::append(char c) {
  if (++length_ > options_.max_bytes) {
    // The scan is rejected as a whole once it ends; its bytes need not be kept until then.
    if (!overflow_) buffer_.clear();
    overflow_ = true;
  } else {
    buffer_ += c;
  }
}

std::vector<LineResult> LineReader::feed(std::span<const std::uint8_t> bytes, Clock::time_point now) {
  std::vector<LineResult> out;
  // A partial line from an earlier burst that timed out is not glued to this one.
  if (auto stale = expire(now)) out.push_back(std::move(*stale));
  for (const std::uint8_t b : bytes) {
    const bool was_after_cr = std::exchange(after_cr_, false);
    if (options_.suffix == LineSuffix::Auto && b == '\n' && was_after_cr) continue;  // the LF of a CRLF
    if (options_.suffix == LineSuffix::CrLf) {
      if (was_after_cr && b != '\n') append('\r');  // a CR without its LF is part of the scan
      if (b == '\r') {
        after_cr_ = true;
        continue;
      }
    }
    if (is_terminator(b)) {
      after_cr_ = options_.suffix == LineSuffix::Auto && b == '\r';
      if (auto r = finish()) out.push_back(std::move(*r));
      continue;
    }
    append(static_cast<char>(b));
  }
  if (!bytes.empty()) last_byte_ = now;
  return out;
}

std::optional<Clock::time_point> LineReader::deadline() const {
  if (length_ == 0 && !(options_.suffix == LineSuffix::CrLf && after_cr_)) return std::nullopt;
  return last_byte_ + options_.partial_timeout;
}

std::optional<LineResult> LineReader::expire(Clock::time_point now) {
  const auto due = deadline();
  if (!due || now < *due) return std::nullopt;
  after_cr_ = false;
  if (options_.suffix == LineSuffix::None) return finish();
  const std::size_t n = length_;
  reset();
  if (n == 0) return std::nullopt;
  return tl::unexpected(LineError{LineErrorCode::Incomplete, n});
}

void LineReader::reset() {
  buffer_.clear();
  length_ = 0;
  overflow_ = false;
  after_cr_ = false;
}

}  // namespace ow::drivers::barcode
