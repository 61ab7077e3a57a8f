#pragma once
// QR payloads are untrusted bytes from paper or a phone screen. They are length-limited, checked
// against the formats the kiosk expects, and reduced to a plain value; nothing in them is ever
// executed, fetched or opened.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "base/secret.hpp"

namespace ow::capture {

enum class QrExpect {
  Receipt,     // a receipt's progress-query QR: a receipt number, or a URL carrying one
  Credential,  // an electronic ID / social-security QR: checked by validate_qr_credential, passed on as is
};

enum class QrKind { ReceiptNumber, Credential };

enum class QrRejection {
  Empty,
  TooLong,
  NotText,        // binary, control characters or invalid UTF-8
  UntrustedHost,  // a receipt URL that does not point at the configured platform
  UnknownFormat,  // neither a receipt number nor a credential
};

struct QrPolicy {
  std::size_t max_bytes = 1024;
  // Hosts whose progress-query URLs are accepted ("zwfw.example.gov.cn"); empty: only bare numbers.
  std::vector<std::string> receipt_hosts;
};

struct QrPayload {
  QrKind kind;
  SecretString value;  // the receipt number, or the credential string exactly as scanned
};

// Receipt numbers: 6–40 of A–Z, 0–9 and single '-' between them, with at least one digit
// ("K1-20261122-0001").
bool is_receipt_number(std::string_view s);
tl::expected<QrPayload, QrRejection> classify_qr(std::string_view raw, QrExpect expect, const QrPolicy& policy = {});

}  // namespace ow::capture
