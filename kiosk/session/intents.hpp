#pragma once
// What the citizen does on the entry screens and anywhere in a session: start, consent, leave,
// switch language or elderly mode, hear the instruction again.
namespace ow::intent {
struct Start {};
struct Agree {};           // consent given
struct ContinueManual {};  // go on without card data
struct Back {};            // the screen's owner decides where back leads (screen_flow)
struct Cancel {};          // what it does is the screen's CancelPolicy
struct CancelConfirmed {};
struct CancelDismissed {};
struct Finish {};          // the screen's owner decides
struct Next {};            // the screen's owner decides (form → materials → pre-review → review)
struct KeepAlive {};       // any touch: the citizen is still there
struct ToggleLanguage {};
struct ToggleElderly {};   // 长辈模式: bigger text, fewer items, slower timeouts, voice
struct Replay {};          // 重听: read this screen's instruction again
struct ElderlyOfferAnswer { bool yes = false; };  // 长辈模式 offered to a card holder of 60 or more
}  // namespace ow::intent
