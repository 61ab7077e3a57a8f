// Reader replies are outside bytes: the whole-frame parser, the streaming parser (fed in pieces
// whose sizes come from the input) and the card payload parser must never crash or hang.
#include <cstdint>
#include <span>

#include "drivers/idcard/card_data.hpp"
#include "drivers/idcard/protocol.hpp"

using namespace ow::drivers::idcard;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (auto r = parse_response_frame(in)) (void)parse_card_reply(*r);

  FrameParser p;
  std::size_t at = 0, step = size > 0 ? (data[0] % 97) + 1 : 1;
  while (at < size) {
    const std::size_t n = step < size - at ? step : size - at;
    p.feed(in.subspan(at, n));
    at += n;
    while (auto f = p.next()) {
      if (!*f) continue;
      if (auto r = response_from_body(**f)) (void)parse_card_reply(*r);
    }
    if (p.buffered() > size + kHeaderSize) __builtin_trap();  // the parser must not grow on its own
  }
  return 0;
}
