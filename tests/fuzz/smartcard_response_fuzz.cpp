// Response APDUs and EF05 records from a card: parse_response, the 61xx/6Cxx exchange rules and the
// whole social security read, with every reply the "card" gives taken from the fuzz input.
// Input: a sequence of replies, each a length byte followed by that many bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/smartcard/apdu.hpp"
#include "drivers/smartcard/sscard.hpp"

using namespace ow::drivers;
using namespace ow::drivers::smartcard;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> all(data, size);
  (void)parse_response(all);
  if (size > 0) {
    CardIdentification id;
    (void)parse_ef05_record(data[0] % 9, all.subspan(1), id);
  }
  std::size_t pos = 0;
  Transmit transmit = [&](std::span<const std::uint8_t>) -> DeviceResult<Bytes> {
    if (pos >= size) return device_error(DeviceErrorCode::NoDevice, "card removed");
    const std::size_t n = std::min<std::size_t>(data[pos], size - pos - 1);
    Bytes reply(data + pos + 1, data + pos + 1 + n);
    pos += 1 + n;
    return reply;
  };
  auto r = read_card(transmit);
  if (r) (void)r->identification.expired_on(20250101);
  return 0;
}
