#include "kiosk/session/session_controller.hpp"

#include "drivers/smartcard/sscard.hpp"
#include "kiosk/log.hpp"
#include "kiosk/session/screen_flow.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/receipt_number.hpp"

namespace ow {

namespace {
// 老年人权益保障法: a citizen is elderly from 60.
constexpr int kElderlyOfferAge = 60;

// Full years from a card's birth date (YYYY-MM-DD, as the drivers give it) to today; nothing when
// the date is not one. Read in place: the birth date is personal and is not copied.
std::optional<int> age_today(std::string_view birth) {
  if (birth.size() != 10 || birth[4] != '-' || birth[7] != '-') return std::nullopt;
  bool ok = true;
  const auto num = [&ok](std::string_view digits) {
    int n = 0;
    for (const char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      n = n * 10 + (c - '0');
    }
    return n;
  };
  const int by = num(birth.substr(0, 4)), bm = num(birth.substr(5, 2)), bd = num(birth.substr(8, 2));
  const std::string today = rfc3339_local(std::chrono::system_clock::now());  // YYYY-MM-DDThh:mm:ss…
  const int y = num(std::string_view(today).substr(0, 4)), m = num(std::string_view(today).substr(5, 2)),
            d = num(std::string_view(today).substr(8, 2));
  if (!ok) return std::nullopt;
  return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
}
}  // namespace

SessionController::SessionController(AppContext& ctx) : ctx_(ctx) {}

Voice* SessionController::voice() {
  // espeak-ng is loaded the first time something is to be said (elderly mode, its offer), not at
  // start-up: most visits never speak (issue 25).
  if (voice_tried_ || !ctx_.config().voice) return voice_.get();
  voice_tried_ = true;
  auto voice = Voice::create(ctx_.config().language == Language::English ? "en" : "cmn");
  if (voice) voice_ = std::move(*voice);
  else log::warn("voice", voice.error().message + "; elderly mode runs without voice");
  return voice_.get();
}

void SessionController::handle(const intent::Start&, SteadyTime now) {
  if (ctx_.on(ScreenId::Attract) && !ctx_.refuse_if_out_of_service(now)) ctx_.go(ScreenId::Consent, now);
}

void SessionController::handle(const intent::Agree&, SteadyTime now) {
  if (ctx_.on(ScreenId::Consent)) ctx_.go(ScreenId::Home, now);
}

void SessionController::handle(const intent::ContinueManual&, SteadyTime now) {
  auto& d = ctx_.data();
  if (!ctx_.on(ScreenId::Notice) || !d.notice.offer_manual) return;
  d.identity.reset();
  ctx_.go(ScreenId::Consent, now);
}

void SessionController::handle(const intent::Back&, SteadyTime) {
  // Screens whose owner says nothing of Back: where nothing is lost yet, back is the way out.
  if (screen_rule(ctx_.screen()).cancel == CancelPolicy::EndsAtOnce) ctx_.session().end();
}

void SessionController::handle(const intent::Cancel&, SteadyTime) {
  switch (screen_rule(ctx_.screen()).cancel) {
    case CancelPolicy::EndsAtOnce: ctx_.session().end(); break;
    case CancelPolicy::AsksFirst: ctx_.data().confirm_cancel = true; break;
    case CancelPolicy::NotOffered: break;
  }
}

void SessionController::handle(const intent::CancelConfirmed&, SteadyTime) {
  if (ctx_.data().confirm_cancel) ctx_.session().end();
}

void SessionController::handle(const intent::CancelDismissed&, SteadyTime) { ctx_.data().confirm_cancel = false; }

void SessionController::handle(const intent::Finish&, SteadyTime) {
  if (ctx_.on(ScreenId::Goodbye)) ctx_.session().end();
}

void SessionController::handle(const intent::ToggleLanguage&, SteadyTime) {
  auto& s = ctx_.session();
  s.set_language(s.language() == Language::Chinese ? Language::English : Language::Chinese);
}

void SessionController::handle(const intent::ToggleElderly&, SteadyTime) {
  ctx_.session().set_elderly(!ctx_.session().elderly());
  speak_prompt();
}

void SessionController::handle(const intent::Replay&, SteadyTime) { speak_prompt(); }

void SessionController::handle(event::CardRead&& e, SteadyTime now) { start_with_identity(std::move(e.identity), now); }

void SessionController::handle(event::CardUnsupported&&, SteadyTime now) {
  if (!ctx_.on(ScreenId::Attract)) return;
  ctx_.data().notice = Notice{Str::CardUnsupportedTitle, Str::CardUnsupportedBody, true};
  ctx_.go(ScreenId::Notice, now);
}

void SessionController::handle(event::CardProblem&&, SteadyTime now) { card_hint_until_ = now + std::chrono::seconds(8); }

void SessionController::start_with_identity(Identity identity, SteadyTime now) {
  auto& data = ctx_.data();
  // On a matter's detail, a session without an ID document takes the card the matter asks for
  // (identity_gate): the same session goes on with it, and 开始办理 is offered.
  if (ctx_.on(ScreenId::Detail) && !data.has_verified_person() &&
      identity.source == IdentitySource::IdCard && !identity.expired) {
    data.identity = std::move(identity);
    data.verification.clear();
    log::info("session", "ID card read on a matter's detail");
    update_card_polling();
    return;
  }
  // A card placed mid-session is ignored: the session it would start is not this one. On the QR
  // login screens the card is the other way in.
  if (!ctx_.on(ScreenId::Attract) && !ctx_.on(ScreenId::QrLogin) && !ctx_.on(ScreenId::QrOffline)) return;
  if (ctx_.refuse_if_out_of_service(now)) return;
  auto& d = ctx_.data();
  if (identity.expired) {
    const bool sscard = identity.source == IdentitySource::SocialSecurityCard;
    d.notice = sscard ? Notice{Str::SsCardExpiredTitle, Str::SsCardExpiredBody, true}
                      : Notice{Str::CardExpiredTitle, Str::CardExpiredBody, true};
    ctx_.go(ScreenId::Notice, now);
    return;
  }
  d.identity = std::move(identity);
  log::info("session", d.identity->source == IdentitySource::SocialSecurityCard ? "started by a social security card"
                                                                                 : "started by an ID card");
  const bool offer = !ctx_.session().elderly() && age_today(d.identity->birth_date.view()).value_or(0) >= kElderlyOfferAge;
  ctx_.go(offer ? ScreenId::ElderlyOffer : ScreenId::Consent, now);
}

void SessionController::handle(const intent::ElderlyOfferAnswer& i, SteadyTime now) {
  if (!ctx_.on(ScreenId::ElderlyOffer)) return;
  ctx_.session().set_elderly(i.yes);
  ctx_.go(ScreenId::Consent, now);
}

void SessionController::goodbye(SteadyTime now) {
  goodbye_view_ = GoodbyeView{take_card(ctx_.data()), ctx_.data().print == PrintState::Printed};
  // The goodbye screen shows nothing personal: the session's data goes now, the screen a moment later.
  ctx_.session().wipe_data();
  ctx_.go(ScreenId::Goodbye, now);
  goodbye_until_ = now + std::chrono::seconds(8);
}

bool SessionController::update(SteadyTime now) {
  // The receipt prints after the screen was announced: say so once it is out, with the card.
  if (ctx_.on(ScreenId::Receipt) && ctx_.data().print == PrintState::Printed && !spoke_printed_) {
    spoke_printed_ = true;
    std::string words = tr(Str::PrintPrinted);
    if (const auto card = take_card(ctx_.data())) words += sentence_end() + tr(*card);
    speak(std::move(words));
  }
  if (!ctx_.on(ScreenId::Goodbye) || now < goodbye_until_) return false;
  ctx_.session().end();
  return true;
}

std::optional<SteadyTime> SessionController::goodbye_until() const {
  if (!ctx_.on(ScreenId::Goodbye)) return std::nullopt;
  return goodbye_until_;
}

void SessionController::on_screen(ScreenId) {
  spoke_printed_ = false;
  update_card_polling();
  speak_prompt();
}

void SessionController::set_maintenance(bool showing) {
  if (ctx_.maintenance() == showing) return;
  ctx_.set_maintenance(showing);
  update_card_polling();
}

void SessionController::update_card_polling() {
  // Never under the maintenance screens: the technician's card-read test reads on demand. On a
  // matter's detail, a session without an ID document listens for the card a matter may ask for.
  const bool detail_without_card = ctx_.on(ScreenId::Detail) && !ctx_.data().has_verified_person();
  const bool wants_card = !ctx_.maintenance() && (screen_rule(ctx_.screen()).wants_card || detail_without_card);
  if (auto* reader = ctx_.devices().idcard) reader->set_wanted(wants_card);
}

void SessionController::speak_prompt() {
  speak(prompt_text());
}

std::string SessionController::prompt_text() const {
  // A notice that offers no typing is read out itself: the usual prompt would suggest typing on.
  const Notice& notice = ctx_.data().notice;
  const Str prompt = ctx_.on(ScreenId::Notice) && !notice.offer_manual ? notice.body : screen_rule(ctx_.screen()).voice;
  std::string words = tr(prompt);
  // The ending names the 受理编号, digit by digit, and what to take: the card on the receipt screen,
  // card and paper on the goodbye.
  const auto add = [this, &words](const std::string& s) { words += sentence_end() + s; };
  if (ctx_.on(ScreenId::Receipt)) {
    if (const std::string& no = ctx_.data().receipt_no; !no.empty())
      add(trf(Str::VoiceReceiptNumber, spoken_digits(store::group_receipt_number(no))));
    if (const auto card = take_card(ctx_.data())) add(tr(*card));
  }
  if (ctx_.on(ScreenId::Goodbye)) {
    if (goodbye_view_.take_card) add(tr(*goodbye_view_.take_card));
    if (goodbye_view_.take_receipt) add(tr(Str::GoodbyeTakeReceipt));
  }
  return words;
}

std::string SessionController::sentence_end() const {
  return ctx_.session().language() == Language::English ? ". " : "。";
}

void SessionController::speak(std::string words) {
  // The offer itself is spoken: whoever it is for may not read the screen well.
  if (!ctx_.session().elderly() && !ctx_.on(ScreenId::ElderlyOffer)) return;
  Voice* voice = this->voice();
  if (!voice) return;
  voice->speak(words, [this](VoiceClip clip) {
    ctx_.post([this, clip = std::move(clip)]() mutable { audio_ = std::move(clip); });
  });
}

std::optional<VoiceClip> SessionController::take_audio() { return std::exchange(audio_, std::nullopt); }

drivers::idcard::ReaderStatus SessionController::reader_status() const {
  std::lock_guard lock(reader_status_mutex_);
  return reader_status_;
}

void SessionController::set_reader_status(const drivers::idcard::ReaderStatus& s) {
  std::lock_guard lock(reader_status_mutex_);
  reader_status_ = s;
}

AttractView SessionController::attract_view(WallTime wall) const {
  const Config& c = ctx_.config();
  AttractView v{c.hall_name, clock_hhmm(wall), date_text(wall), ctx_.sync_status().online, std::nullopt};
  if (std::chrono::steady_clock::now() < card_hint_until_) v.card_hint = Str::CardReadAgain;
  v.qr_login = c.qr_login.enabled;
  return v;
}

ConsentView SessionController::consent_view() const {
  const auto& id = ctx_.data().identity;
  ConsentView v;
  v.retention_days = ctx_.config().platform.retention_days;
  // 0 deletes on the platform's receipt: "within 0 days" would read as a mistake.
  v.body = v.retention_days > 0 ? trf(Str::ConsentBody, v.retention_days) : std::string(tr(Str::ConsentBodyAtOnce));
  if (ctx_.data().has_verified_person()) v.masked_id = mask_id_number(id->id_number.view());
  if (id && id->source == IdentitySource::SocialSecurityCard)
    v.masked_sscard = drivers::smartcard::mask_card_number(id->sscard_number.view());
  return v;
}

}  // namespace ow
