// Serial scanner bytes are untrusted: the line reader must survive any stream, fed in any split,
// keep every scan within its limit and valid UTF-8, and never return a terminator inside a scan.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "drivers/barcode/line_reader.hpp"

using namespace ow::drivers::barcode;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // First byte: the suffix and the split pattern; the rest: the stream.
  const auto suffixes = {LineSuffix::Auto, LineSuffix::Cr, LineSuffix::Lf, LineSuffix::CrLf, LineSuffix::Tab, LineSuffix::None};
  LineReaderOptions o;
  o.suffix = *(suffixes.begin() + data[0] % 6);
  o.max_bytes = 64;
  LineReader r(o);
  const std::size_t chunk = 1 + (data[0] >> 3) % 17;
  auto t = Clock::time_point{} + std::chrono::seconds(1);
  auto check = [&](const LineResult& res) {
    if (!res) return;
    const std::string_view line = res->view();
    if (line.empty() || line.size() > o.max_bytes || !valid_utf8(line)) std::abort();
    if (o.suffix == LineSuffix::Auto && line.find_first_of("\r\n") != std::string_view::npos) std::abort();
    if (o.suffix == LineSuffix::Lf && line.find('\n') != std::string_view::npos) std::abort();
  };
  for (std::size_t at = 1; at < size; at += chunk) {
    const std::size_t n = std::min(chunk, size - at);
    // Some pauses are longer than the partial-line timeout.
    t += std::chrono::milliseconds(data[at] % 2 ? 5 : 400);
    for (const auto& res : r.feed(std::span(data + at, n), t)) check(res);
    if (auto res = r.expire(t)) check(*res);
  }
  if (auto res = r.expire(t + std::chrono::seconds(5))) check(*res);
  return 0;
}
