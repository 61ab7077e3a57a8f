#include "kiosk/application/identity_gate.hpp"

namespace ow {

catalog::IdentityLevel identity_level(const SessionData& d) {
  // A social security card names no person without a PSAM: its holder's name and number are typed.
  if (!d.has_verified_person()) return catalog::IdentityLevel::Typed;
  return d.verification.empty() ? catalog::IdentityLevel::Document : catalog::IdentityLevel::Verified;
}

IdentityGap identity_gap(const catalog::Matter& matter, const SessionData& d, bool online) {
  const catalog::IdentityLevel have = identity_level(d);
  if (have >= matter.identity) return IdentityGap::None;
  if (have == catalog::IdentityLevel::Typed) return IdentityGap::NeedsDocument;
  return online && !d.verify_unreachable ? IdentityGap::NeedsVerification : IdentityGap::VerifyOffline;
}

bool blocks_start(IdentityGap gap) { return gap == IdentityGap::NeedsDocument || gap == IdentityGap::VerifyOffline; }

std::optional<Str> identity_gap_message(IdentityGap gap) {
  switch (gap) {
    case IdentityGap::None: return std::nullopt;
    case IdentityGap::NeedsDocument: return Str::IdentityNeedsCard;
    case IdentityGap::NeedsVerification: return Str::IdentityNeedsFace;
    case IdentityGap::VerifyOffline: return Str::IdentityVerifyOffline;
  }
  return std::nullopt;
}

}  // namespace ow
