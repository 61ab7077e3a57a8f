// QR credentials (electronic ID / electronic social security card): shape and length checks only;
// the payload stays opaque and is passed on byte for byte.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/identity/qr_credential.hpp"

using namespace ow;

namespace {
// Looks like what the apps show: Base64url with separators; not a real credential.
const std::string kToken = "CTID.v2.eyJ0eXAiOiJKV1QifQ.dGVzdC1wYXlsb2FkLW5vdC1hLXJlYWwtY3JlZGVudGlhbA";
}  // namespace

TEST_CASE("a credential-shaped payload is accepted verbatim") {
  auto c = validate_qr_credential(kToken, QrSource::Camera);
  REQUIRE(c);
  CHECK(c->payload() == kToken);
  CHECK(c->source() == QrSource::Camera);
}

TEST_CASE("scanner terminators and surrounding spaces are trimmed, nothing inside is changed") {
  auto wedge = validate_qr_credential(kToken + "\r\n", QrSource::KeyboardWedge);
  REQUIRE(wedge);
  CHECK(wedge->payload() == kToken);
  auto serial = validate_qr_credential("  " + kToken + "\t", QrSource::SerialScanner);
  REQUIRE(serial);
  CHECK(serial->payload() == kToken);
}

TEST_CASE("length limits") {
  CHECK(validate_qr_credential("", QrSource::Camera).error() == QrCredentialError::Empty);
  CHECK(validate_qr_credential(" \r\n", QrSource::Camera).error() == QrCredentialError::Empty);
  const std::string min(kQrCredentialMinLength, 'A');
  CHECK(validate_qr_credential(min, QrSource::Camera));
  CHECK(validate_qr_credential(min.substr(1), QrSource::Camera).error() == QrCredentialError::TooShort);
  const std::string max(kQrCredentialMaxLength, 'A');
  CHECK(validate_qr_credential(max, QrSource::Camera));
  CHECK(validate_qr_credential(max + "A", QrSource::Camera).error() == QrCredentialError::TooLong);
}

TEST_CASE("characters a credential never contains are refused") {
  CHECK(validate_qr_credential(kToken.substr(0, 20) + " " + kToken.substr(20), QrSource::Camera).error() ==
        QrCredentialError::ForbiddenCharacter);
  CHECK(validate_qr_credential(kToken + std::string(1, '\0') + "x", QrSource::Camera).error() ==
        QrCredentialError::ForbiddenCharacter);
  CHECK(validate_qr_credential(kToken + "\x1b[2J", QrSource::KeyboardWedge).error() ==
        QrCredentialError::ForbiddenCharacter);
  // A full-width letter an IME slipped into keyboard-wedge input.
  CHECK(validate_qr_credential(kToken + "\xEF\xBC\xA1", QrSource::KeyboardWedge).error() ==
        QrCredentialError::ForbiddenCharacter);
}

TEST_CASE("web links are not credentials and are never treated as one") {
  for (const char* link : {"https://example.gov.cn/verify?code=0123456789abcdef", "HTTP://EXAMPLE.COM/abcdefghijk",
                           "javascript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=",
                           "weixin://dl/business/?t=abcdefghijklmnop", "www.example.com/abcdefghijklmnop",
                           "http://x"}) {
    CAPTURE(link);
    auto r = validate_qr_credential(link, QrSource::Camera);
    REQUIRE_FALSE(r);
    CHECK(r.error() == QrCredentialError::WebLink);
  }
  // A colon inside a token is fine.
  CHECK(validate_qr_credential("ESSC:01:330100:abcdef0123456789", QrSource::Camera));
}

TEST_CASE("fingerprint identifies without revealing; wipe clears") {
  auto a = validate_qr_credential(kToken, QrSource::Camera);
  auto b = validate_qr_credential(kToken + "x", QrSource::Camera);
  REQUIRE(a);
  REQUIRE(b);
  const auto fa = a->fingerprint();
  CHECK(fa.rfind("len " + std::to_string(kToken.size()) + " #", 0) == 0);
  CHECK(fa.find(kToken.substr(0, 8)) == std::string::npos);
  CHECK(fa == validate_qr_credential(kToken, QrSource::SerialScanner)->fingerprint());
  CHECK(fa != b->fingerprint());
  *a = QrCredential{};  // a credential replaced or destroyed wipes itself
  CHECK(a->payload().empty());
}
