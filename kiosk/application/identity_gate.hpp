#pragma once
// Who may start a matter: the identity the session holds against the least the catalog asks for
// (catalog::IdentityLevel). Typed names start only `typed` matters; an ID card or an e-ID QR code
// starts `document` matters (a social security card names nobody without a PSAM: typed); `verified`
// matters also need 实人核验, which needs the platform.
#include <optional>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/session/session.hpp"
#include "kiosk/strings.hpp"

namespace ow {

enum class IdentityGap {
  None,               // it can start
  NeedsDocument,      // a typed identity: place the ID card (or log in with a QR code)
  NeedsVerification,  // a document, not yet verified: the face step comes first
  VerifyOffline,      // would need verification, but the platform cannot be reached
};

catalog::IdentityLevel identity_level(const SessionData& d);
IdentityGap identity_gap(const catalog::Matter& matter, const SessionData& d, bool online);
// Whether the gap keeps the matter from starting now (a document to bring, or no platform to verify
// with); NeedsVerification starts, with the face step first.
bool blocks_start(IdentityGap gap);
// What the detail screen says about it; none for None.
std::optional<Str> identity_gap_message(IdentityGap gap);

}  // namespace ow
