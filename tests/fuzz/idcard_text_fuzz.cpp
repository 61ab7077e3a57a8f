// The 256-byte text block straight from the card: any bytes, any type character.
#include <cstdint>
#include <span>

#include "drivers/idcard/card_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ow::drivers::idcard;
  const std::span<const std::uint8_t> in(data, size);
  (void)ucs2le_to_utf8(in);
  if (size >= kTextSize) {
    if (auto c = parse_text_block(in.first(kTextSize))) (void)card_expired(*c, "20261122");
  } else {
    (void)parse_text_block(in);
  }
  return 0;
}
