#pragma once
// Pre-review, review and sign, submit.
#include <string>

#include "base/secret_payload.hpp"

#include "kiosk/capture/signature.hpp"
#include "kiosk/catalog/catalog.hpp"

namespace ow::intent {
struct FixField { std::string key; };     // 去修改 from the pre-review
struct FixMaterial { std::string code; };
struct ChooseDelivery { catalog::Delivery method; };  // how the result reaches the citizen
struct SetDeliveryField { std::string key; SecretPayload value; };  // the mail address form (personal)
struct Sign { capture::Strokes strokes; };            // the signature drawn, confirmed
struct ClearSignature {};                             // sign again
struct Submit {};
}  // namespace ow::intent
