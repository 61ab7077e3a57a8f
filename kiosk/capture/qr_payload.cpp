// The QR payload validator. Pure string work on untrusted bytes: bounded, no allocation beyond
// the result, fuzzed by tests/fuzz/qr_payload_fuzz.cpp.
#include "kiosk/capture/qr_payload.hpp"

#include "drivers/barcode/line_reader.hpp"
#include "kiosk/identity/qr_credential.hpp"

#include <algorithm>
#include <cctype>

namespace ow::capture {

namespace {

// UTF-8 text without control characters: no C0 (including newlines), DEL or C1 (U+0080–U+009F,
// which UTF-8 writes as C2 80 … C2 9F).
bool valid_utf8_text(std::string_view s) {
  if (!drivers::barcode::valid_utf8(s)) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// https://host[:port]/…/submissions/<no> or /progress/<no>, or ?receipt_no=<no> / ?receipt=<no>.
tl::expected<std::string, QrRejection> receipt_from_url(std::string_view url, const QrPolicy& policy) {
  const std::string l = lower(url.substr(0, 8));
  std::size_t rest_at;
  if (l.rfind("https://", 0) == 0) rest_at = 8;
  else if (l.rfind("http://", 0) == 0) rest_at = 7;
  else return tl::unexpected(QrRejection::UnknownFormat);
  const std::string_view rest = url.substr(rest_at);
  const std::size_t host_end = std::min(rest.find_first_of("/?#"), rest.size());
  const std::string_view authority = rest.substr(0, host_end);
  if (authority.find('@') != std::string_view::npos) return tl::unexpected(QrRejection::UntrustedHost);  // user@host tricks
  std::string_view host = authority.substr(0, authority.find(':'));
  if (host.empty()) return tl::unexpected(QrRejection::UnknownFormat);
  const std::string h = lower(host);
  if (std::none_of(policy.receipt_hosts.begin(), policy.receipt_hosts.end(), [&](const std::string& allowed) { return lower(allowed) == h; }))
    return tl::unexpected(QrRejection::UntrustedHost);

  const std::string_view after = rest.substr(host_end);
  const std::size_t query_at = std::min(after.find('?'), after.size());
  const std::size_t frag_at = std::min(after.find('#'), after.size());
  const std::string_view path = after.substr(0, std::min(query_at, frag_at));
  const std::string_view query = query_at < frag_at ? after.substr(query_at + 1, frag_at - query_at - 1) : std::string_view{};
  for (const std::string_view marker : {"/submissions/", "/progress/"}) {
    const std::size_t at = path.rfind(marker);
    if (at == std::string_view::npos) continue;
    std::string_view no = path.substr(at + marker.size());
    if (!no.empty() && no.back() == '/') no.remove_suffix(1);
    if (is_receipt_number(no)) return std::string(no);
  }
  std::string_view q = query;
  while (!q.empty()) {
    const std::size_t amp = std::min(q.find('&'), q.size());
    const std::string_view pair = q.substr(0, amp);
    for (const std::string_view key : {"receipt_no=", "receipt="})
      if (pair.rfind(key, 0) == 0 && is_receipt_number(pair.substr(key.size()))) return std::string(pair.substr(key.size()));
    q.remove_prefix(std::min(q.size(), amp + 1));
  }
  return tl::unexpected(QrRejection::UnknownFormat);
}

}  // namespace

bool is_receipt_number(std::string_view s) {
  if (s.size() < 6 || s.size() > 40 || s.front() == '-' || s.back() == '-') return false;
  bool digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (c == '-') {
      if (s[i - 1] == '-') return false;
    } else if (c < 'A' || c > 'Z') {
      return false;
    }
  }
  return digit;
}

tl::expected<QrPayload, QrRejection> classify_qr(std::string_view raw, QrExpect expect, const QrPolicy& policy) {
  if (raw.empty()) return tl::unexpected(QrRejection::Empty);
  if (raw.size() > policy.max_bytes) return tl::unexpected(QrRejection::TooLong);
  if (!valid_utf8_text(raw)) return tl::unexpected(QrRejection::NotText);
  if (expect == QrExpect::Receipt) {
    if (is_receipt_number(raw)) return QrPayload{QrKind::ReceiptNumber, std::string(raw)};
    auto from_url = receipt_from_url(raw, policy);
    if (!from_url) return tl::unexpected(from_url.error());
    return QrPayload{QrKind::ReceiptNumber, std::move(*from_url)};
  }
  // Credentials have one validator, shared with the scanners (kiosk/identity/qr_credential).
  auto credential = validate_qr_credential(raw, QrSource::Camera);
  if (!credential) {
    return tl::unexpected(credential.error() == QrCredentialError::Empty     ? QrRejection::Empty
                          : credential.error() == QrCredentialError::TooLong ? QrRejection::TooLong
                                                                               : QrRejection::UnknownFormat);
  }
  return QrPayload{QrKind::Credential, credential->payload().clone()};
}

}  // namespace ow::capture
