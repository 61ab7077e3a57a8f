#pragma once
// What the citizen reads for each capture outcome: reasons and faults → kiosk/strings.def keys.
#include <string>

#include "drivers/scanner/scanner.hpp"
#include "kiosk/capture/document.hpp"
#include "kiosk/capture/document_session.hpp"
#include "kiosk/capture/face.hpp"
#include "kiosk/capture/qr_payload.hpp"
#include "kiosk/strings.hpp"

namespace ow::capture {

Str message(DocReason reason);
Str message(FaceReason reason);
Str message(drivers::scanner::ScanFault fault);
Str message(QrRejection rejection, QrExpect expected);

// The one line shown under the live document preview, in the current language.
std::string guidance(const DocumentOverlay& overlay);

}  // namespace ow::capture
