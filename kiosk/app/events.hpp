#pragma once
// What devices report, as opposed to what the citizen does: they arrive on the UI thread from the
// drivers' threads (AppCore::on_event) and go to the feature that owns the screen, else to their
// default feature.
#include <string>
#include <variant>

#include "base/secret.hpp"
#include "kiosk/identity/qr_credential.hpp"
#include "kiosk/identity/identity.hpp"

namespace ow::event {
struct CardRead { Identity identity; };  // an ID or social security card was read (personal)
struct CardUnsupported {};               // a card was found that the kiosk cannot use
struct CardProblem {};                   // a card that could not be read: lift it and place it again
struct QrScanned { SecretString payload; QrSource source = QrSource::Camera; };  // personal
}  // namespace ow::event

namespace ow {
using Event = std::variant<event::CardRead, event::CardUnsupported, event::CardProblem, event::QrScanned>;
}  // namespace ow
