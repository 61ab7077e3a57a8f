#include "drivers/idcard/sam_session.hpp"

#include <cstdio>

namespace ow::drivers::idcard {

namespace {

using Clock = std::chrono::steady_clock;

// Longest reply each command can get, to size its timeout from the link's speed.
std::size_t longest_reply(Command c) {
  switch (c) {
    case Command::ReadBaseInfo: return 1295;
    case Command::ReadWithFingerprint: return 2321;
    case Command::ReadExtraAddress: return 7 + 3 + 70 + 1;
    default: return 7 + 3 + 16 + 1;
  }
}

std::string status_message(Command c, std::uint8_t sw3) {
  char code[8];
  std::snprintf(code, sizeof code, "0x%02X", sw3);
  return std::string(command_name(c)) + ": " + std::string(status_info(sw3).en) + " (" + code + ")";
}

}  // namespace

DeviceResult<Response> SamSession::transact(Command c) {
  if (!t_.is_open()) return device_error(DeviceErrorCode::Io, "port is not open");
  t_.discard_input();
  parser_.clear();
  const auto cmd = build_command(c);
  const double bps = t_.bytes_per_second();
  const auto wire = Millis(static_cast<Millis::rep>(1000.0 * static_cast<double>(cmd.size() + longest_reply(c)) / bps) + 1);
  if (auto w = t_.write(cmd, margin_ + wire); !w) return tl::unexpected(w.error());
  sent_ += cmd.size();
  const auto deadline = Clock::now() + margin_ + wire;
  std::uint8_t buf[512];
  for (;;) {
    if (auto frame = parser_.next()) {
      if (!*frame) return tl::unexpected(frame->error());
      return response_from_body(**frame);
    }
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left.count() <= 0) {
      return device_error(DeviceErrorCode::Timeout, std::string(command_name(c)) + ": no complete reply in time");
    }
    auto n = t_.read(std::span(buf, sizeof buf), left);
    if (!n) {
      if (n.error().code == DeviceErrorCode::Timeout)
        return device_error(DeviceErrorCode::Timeout, std::string(command_name(c)) + ": no complete reply in time");
      return tl::unexpected(n.error());
    }
    received_ += *n;
    parser_.feed(std::span(buf, *n));
  }
}

DeviceResult<void> SamSession::expect_success(Command c, std::uint8_t wanted_sw3) {
  auto r = transact(c);
  if (!r) return tl::unexpected(r.error());
  if (r->sw3 != wanted_sw3) return device_error(DeviceErrorCode::DeviceStatus, status_message(c, r->sw3));
  return {};
}

DeviceResult<void> SamSession::reset_sam() { return expect_success(Command::ResetSam, sw::Success); }

DeviceResult<void> SamSession::sam_status() { return expect_success(Command::SamStatus, sw::Success); }

DeviceResult<std::string> SamSession::sam_id() {
  auto r = transact(Command::SamId);
  if (!r) return tl::unexpected(r.error());
  if (r->sw3 != sw::Success) return device_error(DeviceErrorCode::DeviceStatus, status_message(Command::SamId, r->sw3));
  std::string out;
  for (std::size_t i = 0; i < r->data.size(); ++i) {
    char b[4];
    std::snprintf(b, sizeof b, "%02X", r->data[i]);
    if (i > 0 && i % 4 == 0) out += '-';
    out += b;
  }
  return out;
}

DeviceResult<bool> SamSession::find_card() {
  auto r = transact(Command::FindCard);
  if (!r) return tl::unexpected(r.error());
  if (r->sw3 == sw::FindOk) return true;
  if (r->sw3 == sw::FindFailed) return false;
  return device_error(DeviceErrorCode::DeviceStatus, status_message(Command::FindCard, r->sw3));
}

DeviceResult<void> SamSession::select_card() { return expect_success(Command::SelectCard, sw::Success); }

DeviceResult<CardData> SamSession::read_card(bool with_fingerprint, bool with_extra_address, bool* content_error) {
  if (content_error) *content_error = false;
  const Command c = with_fingerprint ? Command::ReadWithFingerprint : Command::ReadBaseInfo;
  auto r = transact(c);
  if (!r) return tl::unexpected(r.error());
  if (r->sw3 != sw::Success) return device_error(DeviceErrorCode::DeviceStatus, status_message(c, r->sw3));
  auto card = parse_card_reply(*r);
  if (!card) {
    if (content_error) *content_error = true;
    return card;
  }
  if (with_extra_address && card->type == CardType::ResidentId) {
    auto extra = transact(Command::ReadExtraAddress);
    if (!extra) return tl::unexpected(extra.error());
    // 91: the card has no extra address, which is the usual case.
    if (extra->sw3 == sw::Success) card->extra_address = ucs2le_to_utf8(extra->data);
    else if (extra->sw3 != sw::ItemEmpty)
      return device_error(DeviceErrorCode::DeviceStatus, status_message(Command::ReadExtraAddress, extra->sw3));
  }
  return card;
}

}  // namespace ow::drivers::idcard
