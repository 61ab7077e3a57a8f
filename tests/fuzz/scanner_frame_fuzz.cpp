// The scanner's frame assembly (drivers/scanner/scan_frame.hpp) with SANE parameters no sane
// backend sends: a page comes back only when every row fits bytes_per_line, has the shape the
// parameters and the bytes give, and nothing is read past the bytes sent (ASan).
// Input: format, last_frame, depth (1 byte each), bytes_per_line, pixels_per_line, lines (4 bytes
// each, little-endian, signed), then the bytes the backend sent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "drivers/scanner/scan_frame.hpp"

namespace {
SANE_Int word(const std::uint8_t* p) {
  std::uint32_t u = 0;
  std::memcpy(&u, p, 4);
  return static_cast<SANE_Int>(u);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ow::drivers::scanner;
  constexpr std::size_t kHeader = 15;
  if (size < kHeader) return 0;
  SANE_Parameters p{};
  p.format = static_cast<SANE_Frame>(data[0] % 6);  // GRAY, RGB, RED, GREEN, BLUE and one unknown
  p.last_frame = data[1] & 1;
  // Mostly the depths SANE defines, sometimes any byte.
  static constexpr int kDepths[] = {1, 8, 16, 1, 8, 16, 0, -1};
  p.depth = data[2] < 248 ? kDepths[data[2] % 8] : data[2];
  p.bytes_per_line = word(data + 3);
  p.pixels_per_line = word(data + 7);
  p.lines = word(data + 11);
  // The bytes in a buffer of their own size, so that ASan sees any read past them.
  const std::vector<std::uint8_t> raw(data + kHeader, data + size);
  auto page = assemble_frame(p, raw, 300);
  const bool fits = static_cast<bool>(check_frame(p));
  if (!page) {
    if (fits && !raw.empty() && raw.size() >= static_cast<std::size_t>(p.bytes_per_line) &&
        page.error().fault != ScanFault::NoMemory)
      std::abort();  // consistent parameters and a whole row: the page must come back
    return 0;
  }
  if (!fits) std::abort();
  const std::size_t ch = p.format == SANE_FRAME_RGB ? 3 : 1;
  const std::size_t rows = raw.size() / static_cast<std::size_t>(p.bytes_per_line);
  if (page->width != p.pixels_per_line || static_cast<std::size_t>(page->channels) != ch ||
      static_cast<std::size_t>(page->height) != rows ||
      page->pixels.size() != static_cast<std::size_t>(page->width) * ch * rows)
    std::abort();
  if ((static_cast<std::uint64_t>(p.pixels_per_line) * ch * static_cast<std::uint64_t>(p.depth) + 7) / 8 >
      static_cast<std::uint64_t>(p.bytes_per_line))
    std::abort();
  return 0;
}
