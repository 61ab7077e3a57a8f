#include "kiosk/session/session.hpp"

#include "kiosk/log.hpp"
#include "kiosk/session/screen_flow.hpp"

namespace ow {

std::string_view screen_name(ScreenId screen) {
  switch (screen) {
    case ScreenId::Attract: return "attract";
    case ScreenId::Consent: return "consent";
    case ScreenId::Notice: return "notice";
    case ScreenId::Home: return "home";
    case ScreenId::Form: return "form";
    case ScreenId::Materials: return "materials";
    case ScreenId::Prereview: return "prereview";
    case ScreenId::Submitting: return "submitting";
    case ScreenId::Receipt: return "receipt";
    case ScreenId::Evaluation: return "evaluation";
    case ScreenId::Goodbye: return "goodbye";
    case ScreenId::Search: return "search";
    case ScreenId::Guide: return "guide";
    case ScreenId::Detail: return "detail";
    case ScreenId::Progress: return "progress";
    case ScreenId::QueueTicket: return "ticket";
    case ScreenId::Help: return "help";
    case ScreenId::QrLogin: return "qr_login";
    case ScreenId::QrOffline: return "qr_offline";
    case ScreenId::Review: return "review";
    case ScreenId::FaceConsent: return "face_consent";
    case ScreenId::FaceCapture: return "face_capture";
    case ScreenId::ElderlyOffer: return "elderly_offer";
  }
  return "unknown";
}

Session::Session(IdlePolicy base, Language language)
    : base_policy_(base), default_language_(language), language_(language) {
  ow::set_language(language);
}

bool Session::go(ScreenId next, SteadyTime now) {
  if (!transition_allowed(screen_, next)) {
    log::error("session", "screen flow: " + std::string(screen_name(screen_)) + " may not lead to " +
                              std::string(screen_name(next)) + "; staying");
#if defined(OW_THREAD_CHECKS) || !defined(NDEBUG)
    std::abort();  // a test build stops at the wrong move, so the table and the code agree
#endif
    return false;
  }
  screen_ = next;
  last_activity_ = now;
  return true;
}

void Session::set_language(Language language) {
  language_ = language;
  ow::set_language(language);
}

IdlePolicy Session::policy() const {
  // Elderly mode gives twice the time before the countdown, and a longer countdown.
  const int factor = elderly_ ? 2 : 1;
  return IdlePolicy{base_policy_.timeout * factor, base_policy_.countdown * factor};
}

bool Session::timeout_applies() const {
  // The attract screen has nothing to time out; a submission being committed must not be interrupted.
  return screen_ != ScreenId::Attract && screen_ != ScreenId::Submitting && screen_ != ScreenId::Goodbye;
}

std::optional<int> Session::countdown_left(SteadyTime now) const {
  if (!timeout_applies() || now < countdown_start()) return std::nullopt;
  const auto left = last_activity_ + policy().timeout - now;
  const auto secs = std::chrono::ceil<std::chrono::seconds>(left).count();
  return static_cast<int>(secs < 0 ? 0 : secs);
}

bool Session::idle_expired(SteadyTime now) const {
  return timeout_applies() && now >= last_activity_ + policy().timeout;
}

void Session::end() {
  wipe_data();
  screen_ = ScreenId::Attract;
  elderly_ = false;
  set_language(default_language_);
}

// Every personal value's type zeroes it when it goes (base/secret.hpp, FacePhoto): a fresh
// SessionData is the whole wipe.
void Session::wipe_data() { data_ = SessionData{}; }

std::optional<Str> take_card(const SessionData& d) {
  if (!d.identity) return std::nullopt;
  if (d.identity->source == IdentitySource::IdCard) return Str::TakeIdCard;
  if (d.identity->source == IdentitySource::SocialSecurityCard) return Str::TakeSsCard;
  return std::nullopt;
}

}  // namespace ow
