#pragma once
// The entry and the frame of every visit: the attract screen, consent, notices, goodbye; a card
// starting a session; cancel, language and elderly mode anywhere; the spoken instruction of each
// screen in elderly mode; the card reader polling only where a card is wanted.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/app/context.hpp"
#include "kiosk/app/events.hpp"
#include "kiosk/session/intents.hpp"
#include "kiosk/voice/voice.hpp"

namespace ow {

using WallTime = std::chrono::system_clock::time_point;

struct AttractView {
  std::string hall_name, clock, date;
  bool online = false;
  std::optional<Str> card_hint;  // e.g. "lift the card and place it again", for a few seconds
  bool qr_login = false;         // offer 扫码登录
};

// The goodbye screen: what the citizen must not leave behind. Kept after the session's data is wiped;
// nothing personal.
struct GoodbyeView {
  std::optional<Str> take_card;  // the card this visit was started with
  bool take_receipt = false;     // a receipt was printed
};

struct ConsentView {
  std::string masked_id;      // the ID card's number, masked; empty without one
  std::string masked_sscard;  // the social security card's number, masked; empty without one
  int retention_days = 7;
  std::string body;  // what is collected, why, and how long it is kept, in the current language
};

class SessionController {
 public:
  explicit SessionController(AppContext& ctx);

  void handle(const intent::Start&, SteadyTime now);
  void handle(const intent::Agree&, SteadyTime now);
  void handle(const intent::ContinueManual&, SteadyTime now);
  void handle(const intent::Back&, SteadyTime now);
  void handle(const intent::Cancel&, SteadyTime now);
  void handle(const intent::CancelConfirmed&, SteadyTime now);
  void handle(const intent::CancelDismissed&, SteadyTime now);
  void handle(const intent::Finish&, SteadyTime now);
  void handle(const intent::Next&, SteadyTime) {}  // no step follows on the session's own screens
  void handle(const intent::KeepAlive&, SteadyTime) {}
  void handle(const intent::ToggleLanguage&, SteadyTime now);
  void handle(const intent::ToggleElderly&, SteadyTime now);
  void handle(const intent::Replay&, SteadyTime now);
  void handle(const intent::ElderlyOfferAnswer& i, SteadyTime now);
  void handle(event::CardRead&& e, SteadyTime now);
  void handle(event::CardUnsupported&&, SteadyTime now);
  void handle(event::CardProblem&&, SteadyTime now);

  // A card, or an identity the platform resolved from a QR code, starts the session here.
  void start_with_identity(Identity identity, SteadyTime now);
  // Wipes the session now and shows the goodbye screen for a few seconds before it ends.
  void goodbye(SteadyTime now);
  // Applies the goodbye screen's end; true when the screen changed.
  bool update(SteadyTime now);
  void on_screen(ScreenId screen);
  void set_maintenance(bool showing);
  std::optional<SteadyTime> goodbye_until() const;

  AttractView attract_view(WallTime wall) const;
  ConsentView consent_view() const;
  GoodbyeView goodbye_view() const { return goodbye_view_; }
  Notice notice_view() const { return ctx_.data().notice; }
  bool confirming_cancel() const { return ctx_.data().confirm_cancel; }
  // What the voice says on the screen shown (elderly mode): its instruction; on the receipt the
  // 受理编号 digit by digit and the card to take, on the goodbye card and paper.
  std::string prompt_text() const;
  // Synthesized speech waiting to be played (elderly mode); the UI takes it.
  std::optional<VoiceClip> take_audio();
  // The ID card reader's last status, set on the reader's thread; the core tests wait on it (a card
  // lifted, the reader online).
  drivers::idcard::ReaderStatus reader_status() const;
  void set_reader_status(const drivers::idcard::ReaderStatus& s);

  // Reads `text` out in elderly mode (a prompt that changes on its screen, e.g. the liveness challenge).
  void say(std::string words) { speak(std::move(words)); }

 private:
  void speak_prompt();
  void speak(std::string text);
  Voice* voice();  // created on first use
  std::string sentence_end() const;  // between sentences joined for the voice
  void update_card_polling();

  AppContext& ctx_;
  std::unique_ptr<Voice> voice_;
  bool voice_tried_ = false;
  std::optional<VoiceClip> audio_;
  SteadyTime card_hint_until_{};
  SteadyTime goodbye_until_{};
  GoodbyeView goodbye_view_;
  bool spoke_printed_ = false;  // "your receipt is printed", said once per receipt screen
  mutable std::mutex reader_status_mutex_;
  drivers::idcard::ReaderStatus reader_status_;
};

}  // namespace ow
