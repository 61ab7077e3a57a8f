#include "drivers/smartcard/apdu.hpp"

#include <algorithm>
#include <cstdio>

namespace ow::drivers::smartcard {

Bytes select_by_aid(std::span<const std::uint8_t> aid) {
  // Sized up front: GCC 12 warns falsely (-Warray-bounds) on inserting after a braced init.
  Bytes c(5 + aid.size(), 0x00);
  c[1] = 0xA4;
  c[2] = 0x04;
  c[4] = static_cast<std::uint8_t>(aid.size());
  std::copy(aid.begin(), aid.end(), c.begin() + 5);
  return c;
}

Bytes select_file(std::uint16_t fid) {
  return {0x00, 0xA4, 0x00, 0x00, 0x02, static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid & 0xFF)};
}

Bytes read_record(std::uint8_t record, std::uint8_t le) { return {0x00, 0xB2, record, 0x04, le}; }

Bytes get_response(std::uint8_t le) { return {0x00, 0xC0, 0x00, 0x00, le}; }

Bytes with_le(std::span<const std::uint8_t> command, std::uint8_t le) {
  Bytes c(command.begin(), command.end());
  if (c.size() <= 4) {
    c.resize(4, 0x00);
    c.push_back(le);
    return c;
  }
  const std::size_t lc = c[4];
  if (c.size() == 5) {
    c[4] = le;  // case 2: the only byte after the header is Le
  } else if (c.size() == 5 + lc) {
    c.push_back(le);  // case 3 becomes case 4
  } else {
    c.back() = le;  // case 4: replace Le
  }
  return c;
}

SwKind classify(std::uint16_t sw) {
  const auto sw1 = static_cast<std::uint8_t>(sw >> 8);
  switch (sw) {
    case 0x9000: return SwKind::Success;
    case 0x6A82:
    case 0x6A83: return SwKind::NotFound;
    case 0x6982: return SwKind::SecurityStatus;
    case 0x6983:
    case 0x6984: return SwKind::Blocked;
    case 0x6A86:
    case 0x6B00:
    case 0x6700: return SwKind::WrongParameters;
    case 0x6D00:
    case 0x6E00: return SwKind::NotSupported;
    default: break;
  }
  if (sw1 == 0x61) return SwKind::MoreData;
  if (sw1 == 0x6C) return SwKind::WrongLength;
  return SwKind::Other;
}

SwKind Response::kind() const { return classify(sw); }

std::string_view to_string(SwKind kind) {
  switch (kind) {
    case SwKind::Success: return "success";
    case SwKind::MoreData: return "more_data";
    case SwKind::WrongLength: return "wrong_length";
    case SwKind::NotFound: return "not_found";
    case SwKind::SecurityStatus: return "security_status";
    case SwKind::Blocked: return "blocked";
    case SwKind::WrongParameters: return "wrong_parameters";
    case SwKind::NotSupported: return "not_supported";
    case SwKind::Other: return "other";
  }
  return "other";
}

std::string describe_sw(std::uint16_t sw) {
  std::string_view what;
  switch (sw) {
    case 0x9000: what = "success"; break;
    case 0x6A82: what = "file or application not found"; break;
    case 0x6A83: what = "record not found"; break;
    case 0x6982: what = "security status not satisfied (PIN or PSAM authentication needed)"; break;
    case 0x6983: what = "authentication method blocked"; break;
    case 0x6984: what = "reference data invalidated"; break;
    case 0x6A86: what = "incorrect P1 P2"; break;
    case 0x6B00: what = "wrong parameters P1 P2"; break;
    case 0x6700: what = "wrong length"; break;
    case 0x6D00: what = "instruction not supported"; break;
    case 0x6E00: what = "class not supported"; break;
    case 0x6581: what = "memory failure"; break;
    case 0x6985: what = "conditions of use not satisfied"; break;
    case 0x6A81: what = "function not supported"; break;
    default:
      if ((sw >> 8) == 0x61) what = "more data available (GET RESPONSE)";
      else if ((sw >> 8) == 0x6C) what = "wrong Le, card states the right one";
      else if ((sw >> 8) == 0x62 || (sw >> 8) == 0x63) what = "warning";
      else what = "error";
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(sw));
  return std::string(buf) + " " + std::string(what);
}

DeviceResult<Response> parse_response(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) {
    return device_error(DeviceErrorCode::BadFrame,
                        "response APDU of " + std::to_string(bytes.size()) + " byte(s): no status word");
  }
  // A short APDU carries at most 256 data bytes; anything longer is not a response we asked for.
  if (bytes.size() > 258) {
    return device_error(DeviceErrorCode::BadFrame,
                        "response APDU of " + std::to_string(bytes.size()) + " bytes is longer than 256 + SW");
  }
  Response r;
  r.data.assign(bytes.begin(), bytes.end() - 2);
  r.sw = static_cast<std::uint16_t>(bytes[bytes.size() - 2] << 8 | bytes[bytes.size() - 1]);
  return r;
}

DeviceResult<Response> transceive(const Transmit& transmit, std::span<const std::uint8_t> command) {
  Bytes current(command.begin(), command.end());
  Bytes data;
  bool resent = false;
  for (int step = 0; step < kMaxExchangeSteps; ++step) {
    auto raw = transmit(current);
    if (!raw) return tl::unexpected(raw.error());
    auto r = parse_response(*raw);
    if (!r) return r;
    data.insert(data.end(), r->data.begin(), r->data.end());
    switch (r->kind()) {
      case SwKind::MoreData:
        current = get_response(r->sw2());
        continue;
      case SwKind::WrongLength:
        // A second 6Cxx for the corrected command means the card is confused; do not loop.
        if (resent) return device_error(DeviceErrorCode::DeviceStatus, "card repeated " + describe_sw(r->sw));
        resent = true;
        data.clear();
        current = with_le(current, r->sw2());
        continue;
      default:
        r->data = std::move(data);
        return r;
    }
  }
  return device_error(DeviceErrorCode::DeviceStatus,
                      "card kept answering 61xx/6Cxx after " + std::to_string(kMaxExchangeSteps) + " APDUs");
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 0x0F]);
  }
  return s;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  Bytes out;
  int pending = -1;
  for (char ch : hex) {
    if (ch == ' ') continue;
    int v;
    if (ch >= '0' && ch <= '9') v = ch - '0';
    else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
    else return std::nullopt;
    if (pending < 0) {
      pending = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(pending << 4 | v));
      pending = -1;
    }
  }
  if (pending >= 0) return std::nullopt;
  return out;
}

}  // namespace ow::drivers::smartcard
