#pragma once
// GA 467 SAM frames (../shared/reference/hardware.md §1). Pure functions, no I/O.
//   command:  AA AA AA 96 69 | Len1 Len2 | CMD PARA [DATA…] | CHK
//   response: AA AA AA 96 69 | Len1 Len2 | SW1 SW2 SW3 [DATA…] | CHK
// Len is big-endian and counts everything after itself including CHK; CHK is the XOR of every
// byte from Len1 up to the last data byte. The bytes between Len and CHK are the frame's body.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "drivers/device_error.hpp"

namespace ow::drivers::idcard {

inline constexpr std::array<std::uint8_t, 5> kPreamble{0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t kHeaderSize = 7;  // preamble + Len1 Len2
// The longest reply is a read with fingerprint (2321 bytes); anything far beyond is garbage.
inline constexpr std::size_t kMaxLength = 4096;

enum class Command : std::uint16_t {  // CMD << 8 | PARA
  ResetSam = 0x10FF,
  SamStatus = 0x11FF,
  SamId = 0x12FF,
  FindCard = 0x2001,
  SelectCard = 0x2002,
  ReadBaseInfo = 0x3001,
  ReadExtraAddress = 0x3003,
  ReadWithFingerprint = 0x3010,
};

std::string_view command_name(Command c);
std::uint8_t xor_checksum(std::span<const std::uint8_t> bytes);
// Preamble + Len + body + CHK around any body (a command's CMD PARA…, or a reply's SW1 SW2 SW3…).
std::vector<std::uint8_t> build_frame(std::span<const std::uint8_t> body);
std::vector<std::uint8_t> build_command(Command c);

// SW3 codes the SAM answers with (SW1 SW2 are 00 00).
namespace sw {
inline constexpr std::uint8_t Success = 0x90, FindOk = 0x9F, ChecksumError = 0x10, LengthError = 0x11,
                              CommandError = 0x21, Unauthorised = 0x23, UnknownError = 0x24,
                              CardAuthFailed = 0x31, SamAuthFailed = 0x32, InfoCheckError = 0x33,
                              UnknownCardType = 0x40, ReadFailed = 0x41, RandomFailed = 0x47,
                              SamSelfTestFailed = 0x60, SamNotAuthorised = 0x66, FindFailed = 0x80,
                              SelectFailed = 0x81, ItemEmpty = 0x91, CommFailure = 0xFF;
}

struct StatusInfo {
  std::uint8_t code;
  bool success;
  std::string_view zh;  // the vendor manuals' wording, for the technician
  std::string_view en;
};
// Every SW3 code of the brief; an unlisted code gets a generic "unknown status" entry.
const StatusInfo& status_info(std::uint8_t sw3);
std::span<const StatusInfo> all_statuses();

struct Response {
  std::uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
  std::vector<std::uint8_t> data;
  bool success() const { return sw1 == 0 && sw2 == 0 && status_info(sw3).success; }
};

// The body of a frame as a response (at least SW1 SW2 SW3).
DeviceResult<Response> response_from_body(std::span<const std::uint8_t> body);
// Exactly one complete response frame, nothing before or after it (kioskctl idcard decode).
DeviceResult<Response> parse_response_frame(std::span<const std::uint8_t> frame);

// Cuts a byte stream into frame bodies. Bytes before a preamble are skipped (resynchronisation),
// as is a frame with an impossible length or a wrong checksum: next() reports it as a BadFrame
// error once and scanning resumes one byte after that frame's preamble.
class FrameParser {
 public:
  void feed(std::span<const std::uint8_t> bytes);
  // A frame body, a BadFrame error, or nothing until more bytes arrive.
  std::optional<DeviceResult<std::vector<std::uint8_t>>> next();
  void clear();
  std::size_t buffered() const { return buf_.size(); }
  std::size_t skipped() const { return skipped_; }  // garbage bytes dropped so far
  // Bytes still missing before the frame at the front is complete (≥ 1 when unknown).
  std::size_t wanted() const;

 private:
  void drop(std::size_t n, bool garbage);
  std::vector<std::uint8_t> buf_;
  std::size_t skipped_ = 0;
};

}  // namespace ow::drivers::idcard
