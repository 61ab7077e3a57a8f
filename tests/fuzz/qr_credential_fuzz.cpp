// QR payloads from the camera or a scanner: validation must never crash and never accept what it
// promises to refuse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/identity/qr_credential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto c = ow::validate_qr_credential(raw, ow::QrSource::Camera);
  if (c) {
    const std::string_view p = c->payload().view();
    if (p.size() < ow::kQrCredentialMinLength || p.size() > ow::kQrCredentialMaxLength) std::abort();
    for (char ch : p)
      if (static_cast<unsigned char>(ch) < 0x21 || static_cast<unsigned char>(ch) > 0x7E) std::abort();
    (void)c->fingerprint();
  }
  return 0;
}
