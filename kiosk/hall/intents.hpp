#pragma once
// The hall's services: 办件查询, 排队取号, 帮助, and 办不成事 from any screen.
#include <cstddef>
#include <string>

#include "base/secret_payload.hpp"

namespace ow::intent {
struct OpenProgress {};    // 办件查询 on the attract screen
struct OpenTicket {};      // 排队取号 on the attract screen
struct OpenHelp {};        // 帮助 on the attract screen
struct ProgressScan {};    // read the receipt's QR code with the camera
struct ProgressKeypad {};  // type the receipt number
struct ProgressKeyboard { bool full; };  // the full keyboard (platform or older numbers), or the number pad
struct ProgressType { SecretPayload text; };   // the receipt number as typed so far
struct ProgressSearch {};                    // 查询 the typed number
struct ProgressPick { std::size_t index; };  // one submission of the card's list
struct TakeTicket { std::string prefix; };   // the business chosen
struct CannotDo {};       // 办不成事: recorded, and the panel says where staff help
struct CannotDoClose {};  // back to what the citizen was doing
struct CannotDoLeave {};  // end the session and leave
}  // namespace ow::intent
