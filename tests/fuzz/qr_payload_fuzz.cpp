// QR payloads come from paper and phone screens: the validator must survive any bytes, and what
// it accepts must satisfy the formats it promises; a receipt number's check and row keys too.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/capture/qr_payload.hpp"
#include "kiosk/identity/qr_credential.hpp"
#include "offline_store/receipt_number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  ow::capture::QrPolicy policy;
  policy.receipt_hosts = {"zwfw.example.gov.cn"};
  for (const auto expect : {ow::capture::QrExpect::Receipt, ow::capture::QrExpect::Credential}) {
    const auto r = ow::capture::classify_qr(raw, expect, policy);
    if (!r) continue;
    if (r->kind == ow::capture::QrKind::ReceiptNumber) {
      if (!ow::capture::is_receipt_number(r->value.view())) std::abort();
      // As 办件查询 takes it: the check digit, then the store's row keys it can have.
      const auto check = ow::store::check_receipt_number(r->value.view());
      const auto keys = ow::store::receipt_row_keys(r->value.view());
      if (keys.size() > ow::store::kMaxReceiptRowKeys) std::abort();
      if (check == ow::store::ReceiptNumberCheck::Valid &&
          (keys.empty() || ow::store::group_receipt_number(r->value.view()).size() != 16))
        std::abort();
      if (check == ow::store::ReceiptNumberCheck::Wrong && !keys.empty()) std::abort();
    }
    if (r->value.size() > policy.max_bytes) std::abort();
    // A credential from the camera passes the one credential validator the scanners use too.
    if (r->kind == ow::capture::QrKind::Credential && !ow::validate_qr_credential(r->value.view(), ow::QrSource::Camera)) std::abort();
  }
  return 0;
}
