#pragma once
// Splits the byte stream of a serial barcode / QR scanner into scans. Scanners end each scan with
// a configurable suffix (CR by default, often CRLF or LF, sometimes TAB or nothing). Pure logic
// over untrusted bytes: bounded memory, no I/O, fuzzed by tests/fuzz/barcode_line_fuzz.cpp.
// Scans may be identity credentials: they are secret strings, and errors never carry the bytes.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "base/secret.hpp"

namespace ow::drivers::barcode {

using Clock = std::chrono::steady_clock;

enum class LineSuffix {
  Auto,  // CR, LF or CRLF
  Cr,
  Lf,
  CrLf,
  Tab,
  None,  // no suffix: a scan ends when the scanner stops sending for `partial_timeout`
};
std::string_view to_string(LineSuffix s);
// "auto", "cr", "lf", "crlf", "tab", "none".
std::optional<LineSuffix> parse_line_suffix(std::string_view s);

struct LineReaderOptions {
  LineSuffix suffix = LineSuffix::Auto;
  std::size_t max_bytes = 2048;  // a longer scan is rejected, not cut
  // A scan arrives in one burst; a partial line older than this is dropped (or, with no suffix, ended).
  std::chrono::milliseconds partial_timeout{300};
};

enum class LineErrorCode {
  TooLong,     // more than max_bytes before the suffix
  NotUtf8,     // bytes that are not UTF-8 text (another code page, line noise, a wrong baud rate)
  Incomplete,  // the scanner stopped sending in the middle of a scan
};

struct LineError {
  LineErrorCode code;
  std::size_t bytes = 0;  // how many bytes the rejected scan had (never the bytes themselves)
  std::string message() const;
};

using LineResult = tl::expected<SecretString, LineError>;

class LineReader {
 public:
  explicit LineReader(LineReaderOptions options = {}) : options_(options) {}
  ~LineReader() { reset(); }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Bytes as they arrived at `now`; returns the scans (and rejected scans) they completed, in order.
  // Empty lines (a lone terminator) are skipped.
  std::vector<LineResult> feed(std::span<const std::uint8_t> bytes, Clock::time_point now);
  // Call when nothing arrived for a while: ends a partial line that is older than the timeout.
  std::optional<LineResult> expire(Clock::time_point now);
  // When the partial line being collected will expire; none while nothing is pending.
  std::optional<Clock::time_point> deadline() const;
  // Drops (wipes) any partial line, e.g. after the port was reopened.
  void reset();

  const LineReaderOptions& options() const { return options_; }

 private:
  std::optional<LineResult> finish();
  bool is_terminator(std::uint8_t b) const;
  void append(char c);

  LineReaderOptions options_;
  SecretString buffer_;  // zeroes what it outgrows
  std::size_t length_ = 0;  // bytes of the current line, counted also after an overflow
  bool overflow_ = false;
  bool after_cr_ = false;  // Auto / CrLf: a CR was just seen (an LF right after it belongs to it)
  Clock::time_point last_byte_{};
};

// Whether `s` is valid UTF-8 without overlong forms or surrogates.
bool valid_utf8(std::string_view s);

}  // namespace ow::drivers::barcode
