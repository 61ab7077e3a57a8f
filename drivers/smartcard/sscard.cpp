#include "drivers/smartcard/sscard.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace ow::drivers::smartcard {
namespace {

tl::unexpected<ReadError> fail(ReadFailure f, std::string message) {
  return tl::unexpected<ReadError>(ReadError{f, std::move(message)});
}

std::string record_name(std::uint8_t record) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "EF05 record %02X", static_cast<unsigned>(record));
  return buf;
}

// Alphanumeric (an) fields are ASCII, padded at the end with spaces, 00 or FF.
std::optional<std::string> ascii_field(std::span<const std::uint8_t> v) {
  std::size_t n = v.size();
  while (n > 0 && (v[n - 1] == 0x20 || v[n - 1] == 0x00 || v[n - 1] == 0xFF)) --n;
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (v[i] < 0x20 || v[i] > 0x7E) return std::nullopt;
    s.push_back(static_cast<char>(v[i]));
  }
  return s;
}

// Compressed numeric (cn) fields are BCD digits, padded at the end with F nibbles.
std::optional<std::string> bcd_field(std::span<const std::uint8_t> v) {
  std::string s;
  bool padding = false;
  for (auto b : v) {
    for (int nib : {b >> 4, b & 0x0F}) {
      if (nib == 0x0F) {
        padding = true;
      } else if (nib > 9 || padding) {
        return std::nullopt;
      } else {
        s.push_back(static_cast<char>('0' + nib));
      }
    }
  }
  return s;
}

bool valid_date(const CardDate& d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1900 || d.year > 2199 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  if (d.day > kDays[d.month - 1]) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return !(d.month == 2 && d.day == 29 && !leap);
}

std::optional<CardDate> date_field(std::span<const std::uint8_t> v) {
  if (v.size() != 4) return std::nullopt;
  auto digits = bcd_field(v);
  if (!digits || digits->size() != 8) return std::nullopt;
  CardDate d{std::stoi(digits->substr(0, 4)), std::stoi(digits->substr(4, 2)), std::stoi(digits->substr(6, 2))};
  if (!valid_date(d)) return std::nullopt;
  return d;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

ReadFailure failure_from_device(const DeviceError& e) {
  return e.code == DeviceErrorCode::NoDevice ? ReadFailure::Removed : ReadFailure::CardError;
}

}  // namespace

std::string CardDate::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return buf;
}

std::string_view to_string(PersonalData p) {
  switch (p) {
    case PersonalData::NeedsPsam: return "needs_psam";
  }
  return "needs_psam";
}

std::string_view to_string(ReadFailure f) {
  switch (f) {
    case ReadFailure::NotSocialSecurityCard: return "not_social_security_card";
    case ReadFailure::MissingRecord: return "missing_record";
    case ReadFailure::Malformed: return "malformed";
    case ReadFailure::Removed: return "removed";
    case ReadFailure::CardError: return "card_error";
  }
  return "card_error";
}

tl::expected<void, ReadError> parse_ef05_record(std::uint8_t record, std::span<const std::uint8_t> tlv,
                                                CardIdentification& id) {
  const std::string where = record_name(record);
  if (tlv.size() < 2) return fail(ReadFailure::Malformed, where + ": shorter than a TLV header");
  if (tlv[0] != record) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ": tag %02X instead of %02X", static_cast<unsigned>(tlv[0]),
                  static_cast<unsigned>(record));
    return fail(ReadFailure::Malformed, where + buf);
  }
  const std::size_t len = tlv[1];
  // Bytes after the value are the record's unused space, as some cards return the full record.
  if (tlv.size() < 2 + len) return fail(ReadFailure::Malformed, where + ": length exceeds the record");
  const auto v = tlv.subspan(2, len);
  const auto malformed = [&](const char* what) { return fail(ReadFailure::Malformed, where + ": " + what); };

  switch (record) {
    case 0x01: {
      auto s = ascii_field(v);
      if (!s || s->size() < 6 || !all_digits(s->substr(0, 6)))
        return malformed("card identification code is not text starting with a 6-digit region code");
      id.region_code = s->substr(0, 6);
      id.identification_code = std::move(*s);
      return {};
    }
    case 0x02: {
      auto s = ascii_field(v);
      if (!s || s->empty()) return malformed("card type is not text");
      id.card_type = *s;
      return {};
    }
    case 0x03: {
      auto s = ascii_field(v);
      if (!s || s->size() < 3 || s->find('.') == std::string::npos) return malformed("spec version is not like \"3.00\"");
      id.spec_version = *s;
      return {};
    }
    case 0x04: {
      // Issuers write this either as ASCII digits or as BCD; ASCII wins when it reads as text.
      auto s = ascii_field(v);
      if (!s || s->empty()) s = bcd_field(v);
      if (!s || s->empty()) return malformed("initialising institution is neither text nor BCD");
      id.institution = *s;
      return {};
    }
    case 0x05:
    case 0x06: {
      auto d = date_field(v);
      if (!d) return malformed(record == 0x05 ? "issue date is not a BCD date" : "expiry date is not a BCD date");
      (record == 0x05 ? id.issue_date : id.expiry_date) = *d;
      return {};
    }
    case 0x07: {
      auto s = ascii_field(v);
      if (!s || s->empty()) return malformed("card number is not text");
      id.card_number = std::move(*s);
      return {};
    }
    default: return malformed("not an EF05 record this reader knows");
  }
}

tl::expected<CardReadResult, ReadError> read_card(const Transmit& transmit) {
  auto sel = transceive(transmit, select_by_aid(kSocialSecurityAid));
  if (!sel) return fail(failure_from_device(sel.error()), "SELECT social security application: " + sel.error().message);
  if (sel->kind() == SwKind::NotFound)
    return fail(ReadFailure::NotSocialSecurityCard,
                "SELECT social security application: " + describe_sw(sel->sw) + " (not a social security card)");
  if (!sel->ok()) return fail(ReadFailure::CardError, "SELECT social security application: " + describe_sw(sel->sw));

  auto ef = transceive(transmit, select_file(kEfCardIdentification));
  if (!ef) return fail(failure_from_device(ef.error()), "SELECT EF05: " + ef.error().message);
  if (ef->kind() == SwKind::NotFound) return fail(ReadFailure::MissingRecord, "SELECT EF05: " + describe_sw(ef->sw));
  if (!ef->ok()) return fail(ReadFailure::CardError, "SELECT EF05: " + describe_sw(ef->sw));

  CardReadResult result;
  for (std::uint8_t rec = kFirstRecord; rec <= kLastRecord; ++rec) {
    const std::string where = "READ RECORD " + record_name(rec);
    auto r = transceive(transmit, read_record(rec));
    if (!r) return fail(failure_from_device(r.error()), where + ": " + r.error().message);
    if (r->kind() == SwKind::NotFound) return fail(ReadFailure::MissingRecord, where + ": " + describe_sw(r->sw));
    if (!r->ok()) return fail(ReadFailure::CardError, where + ": " + describe_sw(r->sw));
    if (auto parsed = parse_ef05_record(rec, r->data, result.identification); !parsed)
      return tl::unexpected(parsed.error());
  }
  result.personal = PersonalData::NeedsPsam;
  return result;
}

std::string mask_card_number(std::string_view number) {
  if (number.size() <= 3) return std::string(number.size(), '*');
  std::string s(number);
  for (std::size_t i = 1; i + 2 < s.size(); ++i) s[i] = '*';
  return s;
}

std::string mask_identification_code(std::string_view code) {
  if (code.size() <= 10) return std::string(code.substr(0, std::min<std::size_t>(code.size(), 6))) +
                                std::string(code.size() > 6 ? code.size() - 6 : 0, '*');
  std::string s(code);
  for (std::size_t i = 6; i + 4 < s.size(); ++i) s[i] = '*';
  return s;
}

int local_today_yyyymmdd() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

}  // namespace ow::drivers::smartcard
