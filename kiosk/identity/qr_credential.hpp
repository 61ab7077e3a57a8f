#pragma once
// An electronic ID (网证) or electronic social security card (电子社保卡) QR code shown on a phone,
// read by the camera, a keyboard-wedge scanner (arrives as typed text) or a serial scanner (a line).
// The payload is an opaque, usually short-lived credential that only the platform can verify: the
// kiosk checks its shape and length and passes the exact text on. It is never opened, fetched or
// shown as a link, and never logged (use fingerprint()).
#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "base/secret.hpp"

namespace ow {

enum class QrSource { Camera, KeyboardWedge, SerialScanner };

enum class QrCredentialError {
  Empty,
  TooShort,            // fewer than kQrCredentialMinLength characters: not a credential
  TooLong,             // more than kQrCredentialMaxLength
  ForbiddenCharacter,  // control, space, non-ASCII (e.g. a full-width character from an IME)
  WebLink,             // a URL (scheme://…, javascript:, data:) — some other QR code, not an identity
};
std::string_view to_string(QrCredentialError e);
std::string_view to_string(QrSource s);

inline constexpr std::size_t kQrCredentialMinLength = 16;
inline constexpr std::size_t kQrCredentialMaxLength = 1024;

class QrCredential {
 public:
  QrSource source() const { return source_; }
  // The exact text to send to the platform. Personal: do not log or display it. It zeroes itself.
  const SecretString& payload() const { return payload_; }
  // "len 212 #3fa9c1d07b2e4a58": stable, non-reversible, for logs and technicians.
  std::string fingerprint() const;

 private:
  friend tl::expected<QrCredential, QrCredentialError> validate_qr_credential(std::string_view, QrSource);
  QrSource source_ = QrSource::Camera;
  SecretString payload_;
};

// Trims what scanners add around the code (spaces, CR/LF/TAB terminators), then checks length and
// characters: printable ASCII without spaces, as every credential encoding in use is (Base64,
// Base64url, hex, alphanumeric with separators).
tl::expected<QrCredential, QrCredentialError> validate_qr_credential(std::string_view raw, QrSource source);

}  // namespace ow
