#pragma once
// ISO/IEC 7816-4 APDUs as pure functions: the command APDUs the social security card needs, the
// response (data + SW1 SW2) with its status word classified, and the exchange rules every card
// reader must apply whatever the protocol: 61xx → GET RESPONSE for the rest, 6Cxx → send the same
// command again with Le = xx. No I/O here: `transceive` takes the transmit function.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/device_error.hpp"

namespace ow::drivers::smartcard {

using Bytes = std::vector<std::uint8_t>;

// SELECT by DF name (P1 = 04, first or only occurrence): 00 A4 04 00 Lc AID.
Bytes select_by_aid(std::span<const std::uint8_t> aid);
// SELECT an elementary file by its file identifier under the current DF: 00 A4 00 00 02 FID.
Bytes select_file(std::uint16_t fid);
// READ RECORD number `record` of the current EF (P2 = 04): 00 B2 nn 04 Le (00 = up to 256 bytes).
Bytes read_record(std::uint8_t record, std::uint8_t le = 0x00);
// GET RESPONSE for `le` bytes the card announced with 61xx: 00 C0 00 00 Le.
Bytes get_response(std::uint8_t le);
// The same command with its Le byte set to `le` (6Cxx). A command without a data field whose
// header is 4 bytes gets Le appended; a case-3 command (Lc + data, no Le) gets one appended too.
Bytes with_le(std::span<const std::uint8_t> command, std::uint8_t le);

// What a status word means for the caller; the raw SW stays in Response::sw.
enum class SwKind {
  Success,          // 9000
  MoreData,         // 61xx: xx more bytes with GET RESPONSE
  WrongLength,      // 6Cxx: resend with Le = xx
  NotFound,         // 6A82 file or application not found, 6A83 record not found
  SecurityStatus,   // 6982 security status not satisfied (PIN / PSAM authentication needed)
  Blocked,          // 6983 authentication method blocked, 6984 reference data invalidated
  WrongParameters,  // 6A86 / 6B00 / 6700 wrong P1 P2 or length
  NotSupported,     // 6D00 instruction / 6E00 class not supported
  Other,            // any other status word
};

struct Response {
  Bytes data;
  std::uint16_t sw = 0;
  std::uint8_t sw1() const { return static_cast<std::uint8_t>(sw >> 8); }
  std::uint8_t sw2() const { return static_cast<std::uint8_t>(sw & 0xFF); }
  SwKind kind() const;
  bool ok() const { return kind() == SwKind::Success; }
};

SwKind classify(std::uint16_t sw);
std::string_view to_string(SwKind kind);
// "6A82 file or application not found" — for technicians and logs; never contains card data.
std::string describe_sw(std::uint16_t sw);

// A response APDU as the reader returns it: data then SW1 SW2 (at least two bytes).
DeviceResult<Response> parse_response(std::span<const std::uint8_t> bytes);

// Sends one command APDU and returns the raw response APDU (an Io error when the card went away).
using Transmit = std::function<DeviceResult<Bytes>(std::span<const std::uint8_t>)>;

// One command with the ISO exchange rules: 61xx is followed by GET RESPONSE (data concatenated,
// several times if the card chains), 6Cxx by the same command with the right Le (once). At most
// `kMaxExchangeSteps` APDUs go out, so a card that keeps answering 61xx cannot hang the reader.
inline constexpr int kMaxExchangeSteps = 16;
DeviceResult<Response> transceive(const Transmit& transmit, std::span<const std::uint8_t> command);

std::string to_hex(std::span<const std::uint8_t> bytes);
// Hex digits with optional spaces ("00A4 0400"); nullopt on an odd count or a non-hex character.
std::optional<Bytes> from_hex(std::string_view hex);

}  // namespace ow::drivers::smartcard
