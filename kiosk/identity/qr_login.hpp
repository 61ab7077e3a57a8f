#pragma once
// 扫码登录 on the wire: the kiosk sends a validated QR credential to the platform, which verifies
// it with the issuer (CTID for the electronic ID, the social-security system for the electronic
// social security card) and answers with the identity it stands for.
//   POST /v1/identity/qr  {"kiosk_id", "source": camera|keyboard_wedge|serial_scanner, "credential"}
//   200 {"name", "id_number", "sex", "birth_date", "credential_type"}  401 expired or revoked
//   422 not a credential the platform knows. Anything else, or no answer in time: offline.
// The credential is never logged; the request body is wiped after sending.
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "kiosk/identity/identity.hpp"
#include "kiosk/identity/qr_credential.hpp"
#include "offline_store/platform_client.hpp"

namespace ow {

enum class QrLoginFailure {
  Offline,        // no answer, a timeout, 5xx/429/408, or an answer that makes no sense
  Rejected,       // 401: the code expired (they refresh every minute or so) or was revoked
  NotCredential,  // 422: the platform does not know this kind of code
};
std::string_view to_string(QrLoginFailure f);

using QrLoginResult = tl::expected<Identity, QrLoginFailure>;

// The platform's answer → an identity (source ElectronicId). Pure; fuzzed with platform answers.
QrLoginResult identity_from_qr_answer(const store::HttpAnswer& answer);

// Sends the credential and waits for the answer (up to endpoint.request_timeout). Blocking: call it
// on a worker thread.
QrLoginResult resolve_qr_credential(const store::PlatformEndpoint& endpoint, const std::string& kiosk_id,
                                    const QrCredential& credential);

}  // namespace ow
