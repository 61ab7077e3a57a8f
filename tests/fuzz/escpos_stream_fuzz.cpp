// The printer simulator's ESC/POS parser on arbitrary bytes, fed in uneven pieces as a socket
// would deliver them: it must never crash, never buffer beyond its bounds, and agree with itself
// whether the stream arrives whole or split.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "tools/devsim/escpos_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ow::devsim::escpos;
  std::vector<Event> whole, pieces;
  Parser a;
  a.feed({data, size}, whole);
  Parser b;
  for (std::size_t i = 0, step = 1; i < size; i += step, step = step % 7 + 1) {
    const std::size_t n = i + step > size ? size - i : step;
    b.feed({data + i, n}, pieces);
  }
  // Split delivery may cut a text run into more Text events, but commands and text are the same.
  auto summary = [](const std::vector<Event>& events, std::string& text) {
    std::vector<std::size_t> kinds;
    for (const Event& e : events) {
      if (const auto* t = std::get_if<ev::Text>(&e)) {
        text += t->bytes;
      } else {
        kinds.push_back(e.index());
      }
    }
    return kinds;
  };
  std::string text_a, text_b;
  if (summary(whole, text_a) != summary(pieces, text_b) || text_a != text_b) std::abort();
  // A command can only be waiting for more bytes up to the largest raster it accepts.
  if (a.pending() > 8 + static_cast<std::size_t>(kMaxRasterWidthBytes) * kMaxRasterRows + 65535 + 5) std::abort();
  return 0;
}
