#pragma once
// Every intent a screen can send: the union of the features' own intent types. AppCore routes each
// to exactly one controller and fails to compile when one has none (app_core.cpp, route()).
#include <variant>

#include "kiosk/application/intents.hpp"
#include "kiosk/face/intents.hpp"
#include "kiosk/find/intents.hpp"
#include "kiosk/hall/intents.hpp"
#include "kiosk/materials/intents.hpp"
#include "kiosk/qr_login/intents.hpp"
#include "kiosk/rating/intents.hpp"
#include "kiosk/receipt/intents.hpp"
#include "kiosk/review/intents.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

using Intent = std::variant<
    // session
    intent::Start, intent::Agree, intent::ContinueManual, intent::Back, intent::Cancel, intent::CancelConfirmed,
    intent::CancelDismissed, intent::Finish, intent::Next, intent::KeepAlive, intent::ToggleLanguage,
    intent::ToggleElderly, intent::Replay, intent::ElderlyOfferAnswer,
    // find
    intent::ChooseAudience, intent::ChooseCategory, intent::ChooseMatter, intent::ChooseBundle, intent::OpenSearch,
    intent::SetSearch, intent::OpenGuide, intent::GuideAnswer, intent::StartApplication, intent::PrintChecklist,
    // application
    intent::SetField,
    // materials
    intent::CaptureMaterial, intent::Shutter, intent::FinishCapture, intent::UseLicence, intent::DeferMaterial,
    intent::PromiseMaterial,    intent::ClearMaterial,
    // face
    intent::FaceAgree, intent::FaceDecline, intent::FaceShutter, intent::FaceRetake, intent::FaceUsePhoto,
    intent::FaceRetryLiveness,
    // review
    intent::FixField, intent::FixMaterial, intent::ChooseDelivery, intent::SetDeliveryField, intent::Sign,
    intent::ClearSignature, intent::Submit,
    // receipt
    intent::Reprint,
    // rating
    intent::Rate, intent::ToggleReason, intent::SetComment, intent::SubmitRating, intent::SkipRating,
    // hall
    intent::OpenProgress, intent::OpenTicket, intent::OpenHelp, intent::ProgressScan, intent::ProgressKeypad,
    intent::ProgressKeyboard, intent::ProgressType, intent::ProgressSearch, intent::ProgressPick, intent::TakeTicket, intent::CannotDo,
    intent::CannotDoClose, intent::CannotDoLeave,
    // qr login
    intent::StartQrLogin, intent::UseIdCard>;

}  // namespace ow
