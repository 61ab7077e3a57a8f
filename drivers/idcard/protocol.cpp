#include "drivers/idcard/protocol.hpp"

#include <algorithm>
#include <cstdio>

namespace ow::drivers::idcard {

namespace {

constexpr StatusInfo kStatuses[] = {
    {sw::Success, true, "操作成功", "success"},
    {sw::FindOk, true, "寻找证/卡成功", "card found"},
    {sw::ChecksumError, false, "接收业务终端数据的校验和错", "checksum error in the command"},
    {sw::LengthError, false, "接收业务终端数据的长度错", "length error in the command"},
    {sw::CommandError, false, "接收业务终端的命令错误", "unknown command"},
    {sw::Unauthorised, false, "越权操作", "operation not authorised"},
    {sw::UnknownError, false, "无法识别的错误", "unknown error"},
    {sw::CardAuthFailed, false, "证/卡认证机具失败", "card failed to authenticate the SAM"},
    {sw::SamAuthFailed, false, "机具认证证/卡失败", "SAM failed to authenticate the card"},
    {sw::InfoCheckError, false, "信息验证错误", "information check error"},
    {sw::UnknownCardType, false, "无法识别的卡类型", "unknown card type"},
    {sw::ReadFailed, false, "读证/卡操作失败", "reading the card failed"},
    {sw::RandomFailed, false, "取随机数失败", "random number failed"},
    {sw::SamSelfTestFailed, false, "SAM自检失败", "SAM self-test failed"},
    {sw::SamNotAuthorised, false, "SAM未经授权", "SAM not authorised"},
    {sw::FindFailed, false, "寻找证/卡失败", "no card found"},
    {sw::SelectFailed, false, "选取证/卡失败", "selecting the card failed"},
    {sw::ItemEmpty, false, "证/卡中此项无内容", "the card has no such item"},
    {sw::CommFailure, false, "通讯失败", "communication failure"},
};
constexpr StatusInfo kUnknownStatus{0x00, false, "未知状态码", "unknown status code"};

std::string hex2(std::uint8_t b) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", b);
  return buf;
}

}  // namespace

std::string_view command_name(Command c) {
  switch (c) {
    case Command::ResetSam: return "reset SAM";
    case Command::SamStatus: return "SAM status";
    case Command::SamId: return "read SAM ID";
    case Command::FindCard: return "find card";
    case Command::SelectCard: return "select card";
    case Command::ReadBaseInfo: return "read base info";
    case Command::ReadExtraAddress: return "read extra address";
    case Command::ReadWithFingerprint: return "read with fingerprint";
  }
  return "unknown command";
}

std::uint8_t xor_checksum(std::span<const std::uint8_t> bytes) {
  std::uint8_t x = 0;
  for (auto b : bytes) x = static_cast<std::uint8_t>(x ^ b);
  return x;
}

std::vector<std::uint8_t> build_frame(std::span<const std::uint8_t> body) {
  const std::size_t len = body.size() + 1;
  std::vector<std::uint8_t> f(kPreamble.begin(), kPreamble.end());
  f.push_back(static_cast<std::uint8_t>(len >> 8));
  f.push_back(static_cast<std::uint8_t>(len & 0xFF));
  f.insert(f.end(), body.begin(), body.end());
  f.push_back(xor_checksum(std::span(f).subspan(kPreamble.size())));
  return f;
}

std::vector<std::uint8_t> build_command(Command c) {
  const auto v = static_cast<std::uint16_t>(c);
  const std::uint8_t body[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)};
  return build_frame(body);
}

const StatusInfo& status_info(std::uint8_t sw3) {
  for (const auto& s : kStatuses)
    if (s.code == sw3) return s;
  return kUnknownStatus;
}

std::span<const StatusInfo> all_statuses() { return kStatuses; }

DeviceResult<Response> response_from_body(std::span<const std::uint8_t> body) {
  if (body.size() < 3) return device_error(DeviceErrorCode::BadFrame, "reply shorter than its status bytes");
  Response r;
  r.sw1 = body[0];
  r.sw2 = body[1];
  r.sw3 = body[2];
  r.data.assign(body.begin() + 3, body.end());
  if (r.sw1 != 0 || r.sw2 != 0)
    return device_error(DeviceErrorCode::BadFrame, "status bytes SW1 SW2 = " + hex2(r.sw1) + " " + hex2(r.sw2) +
                                                       ", expected 00 00");
  return r;
}

DeviceResult<Response> parse_response_frame(std::span<const std::uint8_t> frame) {
  if (frame.size() < kHeaderSize) return device_error(DeviceErrorCode::BadFrame, "frame shorter than its header");
  if (!std::equal(kPreamble.begin(), kPreamble.end(), frame.begin()))
    return device_error(DeviceErrorCode::BadFrame, "frame does not start with the preamble AA AA AA 96 69");
  const std::size_t len = static_cast<std::size_t>(frame[5]) << 8 | frame[6];
  if (len < 4 || len > kMaxLength)
    return device_error(DeviceErrorCode::BadFrame, "impossible length field " + std::to_string(len));
  if (frame.size() != kHeaderSize + len)
    return device_error(DeviceErrorCode::BadFrame, "length field says " + std::to_string(kHeaderSize + len) +
                                                       " bytes, frame has " + std::to_string(frame.size()));
  const auto covered = frame.subspan(kPreamble.size(), 2 + len - 1);
  const std::uint8_t expected = xor_checksum(covered);
  if (frame.back() != expected)
    return device_error(DeviceErrorCode::BadFrame,
                        "checksum " + hex2(frame.back()) + " should be " + hex2(expected));
  return response_from_body(frame.subspan(kHeaderSize, len - 1));
}

void FrameParser::feed(std::span<const std::uint8_t> bytes) { buf_.insert(buf_.end(), bytes.begin(), bytes.end()); }

void FrameParser::clear() { buf_.clear(); }

void FrameParser::drop(std::size_t n, bool garbage) {
  n = std::min(n, buf_.size());
  buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(n));
  if (garbage) skipped_ += n;
}

std::size_t FrameParser::wanted() const {
  if (buf_.size() < kHeaderSize) return kHeaderSize - buf_.size();
  const std::size_t total = kHeaderSize + (static_cast<std::size_t>(buf_[5]) << 8 | buf_[6]);
  return total > buf_.size() ? total - buf_.size() : 1;
}

std::optional<DeviceResult<std::vector<std::uint8_t>>> FrameParser::next() {
  for (;;) {
    // Resynchronise: skip to the first place the preamble (or a prefix of it, at the end) starts.
    auto at = std::search(buf_.begin(), buf_.end(), kPreamble.begin(), kPreamble.end());
    if (at == buf_.end()) {
      std::size_t keep = 0;  // a preamble may be cut by the end of the buffer
      for (std::size_t k = std::min(buf_.size(), kPreamble.size() - 1); k > 0; --k) {
        if (std::equal(kPreamble.begin(), kPreamble.begin() + static_cast<std::ptrdiff_t>(k), buf_.end() - static_cast<std::ptrdiff_t>(k))) {
          keep = k;
          break;
        }
      }
      drop(buf_.size() - keep, true);
      return std::nullopt;
    }
    drop(static_cast<std::size_t>(at - buf_.begin()), true);
    if (buf_.size() < kHeaderSize) return std::nullopt;
    const std::size_t len = static_cast<std::size_t>(buf_[5]) << 8 | buf_[6];
    if (len < 3 || len > kMaxLength) {
      drop(1, true);
      return device_error(DeviceErrorCode::BadFrame, "impossible length field " + std::to_string(len));
    }
    if (buf_.size() < kHeaderSize + len) return std::nullopt;
    const auto frame = std::span(buf_).first(kHeaderSize + len);
    const std::uint8_t expected = xor_checksum(frame.subspan(kPreamble.size(), 2 + len - 1));
    if (frame.back() != expected) {
      const std::string msg = "checksum " + hex2(frame.back()) + " should be " + hex2(expected);
      drop(1, true);
      return device_error(DeviceErrorCode::BadFrame, msg);
    }
    std::vector<std::uint8_t> body(frame.begin() + kHeaderSize, frame.end() - 1);
    drop(kHeaderSize + len, false);
    return body;
  }
}

}  // namespace ow::drivers::idcard
