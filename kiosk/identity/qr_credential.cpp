#include "kiosk/identity/qr_credential.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ow {
namespace {

bool is_trim(char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t'; }

bool lower_starts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// scheme "://" with an RFC 3986 scheme (letter, then letters, digits, + - .), or the schemes
// that run or embed content without slashes.
bool is_web_link(std::string_view s) {
  if (lower_starts_with(s, "javascript:") || lower_starts_with(s, "data:") || lower_starts_with(s, "mailto:") ||
      lower_starts_with(s, "www."))
    return true;
  const auto colon = s.find("://");
  if (colon == std::string_view::npos || colon == 0 || colon > 32) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

}  // namespace

std::string_view to_string(QrCredentialError e) {
  switch (e) {
    case QrCredentialError::Empty: return "empty";
    case QrCredentialError::TooShort: return "too_short";
    case QrCredentialError::TooLong: return "too_long";
    case QrCredentialError::ForbiddenCharacter: return "forbidden_character";
    case QrCredentialError::WebLink: return "web_link";
  }
  return "invalid";
}

std::string_view to_string(QrSource s) {
  switch (s) {
    case QrSource::Camera: return "camera";
    case QrSource::KeyboardWedge: return "keyboard_wedge";
    case QrSource::SerialScanner: return "serial_scanner";
  }
  return "unknown";
}

tl::expected<QrCredential, QrCredentialError> validate_qr_credential(std::string_view raw, QrSource source) {
  while (!raw.empty() && is_trim(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_trim(raw.back())) raw.remove_suffix(1);
  if (raw.empty()) return tl::unexpected(QrCredentialError::Empty);
  if (raw.size() > kQrCredentialMaxLength) return tl::unexpected(QrCredentialError::TooLong);
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7E) return tl::unexpected(QrCredentialError::ForbiddenCharacter);
  }
  if (is_web_link(raw)) return tl::unexpected(QrCredentialError::WebLink);
  if (raw.size() < kQrCredentialMinLength) return tl::unexpected(QrCredentialError::TooShort);
  QrCredential c;
  c.source_ = source;
  c.payload_ = SecretString(raw);
  return c;
}

std::string QrCredential::fingerprint() const {
  unsigned char hash[8];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(payload_.data()), payload_.size(),
                     nullptr, 0);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "len %zu #", payload_.size());
  for (unsigned char b : hash) n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), "%02x", b);
  return buf;
}

}  // namespace ow
