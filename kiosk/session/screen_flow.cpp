#include "kiosk/session/screen_flow.hpp"

#include <algorithm>

namespace ow {

namespace {
using S = ScreenId;
using F = Feature;
using C = CancelPolicy;

// In ScreenId order; screen_rule() checks that each row stands at its screen's index.
const ScreenRule kFlow[] = {
    {S::Attract, F::Session, C::NotOffered, true, Str::VoiceAttract,
     {S::Consent, S::Notice, S::QrLogin, S::QrOffline, S::Progress, S::QueueTicket, S::Help, S::ElderlyOffer}},
    {S::Consent, F::Session, C::EndsAtOnce, false, Str::VoiceConsent, {S::Home}},
    {S::Notice, F::Session, C::EndsAtOnce, false, Str::VoiceNotice, {S::Consent}},
    {S::Home, F::Find, C::AsksFirst, false, Str::VoiceMatters, {S::Detail, S::Search, S::Guide, S::Consent}},
    // → Review: a pre-review that passed with nothing to show is not a screen of its own.
    {S::Form, F::Application, C::AsksFirst, false, Str::VoiceForm, {S::Materials, S::Prereview, S::Review, S::Home, S::Detail}},
    {S::Materials, F::Materials, C::AsksFirst, false, Str::VoiceMaterials, {S::Prereview, S::Review, S::Form}},
    {S::Prereview, F::Review, C::AsksFirst, false, Str::VoicePrereview,
     {S::Review, S::Form, S::Materials, S::FaceCapture, S::Notice}},
    // → Form: the commit failed for sure (nothing stored), so the citizen may correct and submit again.
    {S::Submitting, F::Review, C::NotOffered, false, Str::VoiceSubmitting, {S::Receipt, S::Form, S::Notice}},
    {S::Receipt, F::Receipt, C::AsksFirst, false, Str::VoiceReceipt, {S::Evaluation}},
    {S::Evaluation, F::Rating, C::AsksFirst, false, Str::VoiceRating, {S::Goodbye}},
    {S::Goodbye, F::Session, C::AsksFirst, false, Str::VoiceGoodbye, {}},
    {S::Search, F::Find, C::AsksFirst, false, Str::VoiceSearch, {S::Detail, S::Home}},
    {S::Guide, F::Find, C::AsksFirst, false, Str::VoiceGuide, {S::Detail, S::Home}},
    // → Materials, Prereview, Review: the card and the platform filled the whole form (免填单).
    {S::Detail, F::Find, C::AsksFirst, false, Str::VoiceDetail,
     {S::Form, S::Materials, S::Prereview, S::Review, S::FaceConsent, S::FaceCapture, S::Notice, S::Home, S::Search, S::Guide}},
    {S::Progress, F::Progress, C::EndsAtOnce, true, Str::VoiceProgress, {}},
    {S::QueueTicket, F::Hall, C::EndsAtOnce, false, Str::VoiceTicket, {}},
    {S::Help, F::Hall, C::EndsAtOnce, false, Str::VoiceHelp, {}},
    {S::QrLogin, F::QrLogin, C::EndsAtOnce, true, Str::VoiceQrLogin, {S::Consent, S::QrOffline, S::Notice, S::ElderlyOffer}},
    {S::QrOffline, F::QrLogin, C::EndsAtOnce, true, Str::VoiceQrOffline, {S::Consent, S::Notice, S::ElderlyOffer}},
    // → Form: Submit re-checks the form and sends the citizen back to it when a field no longer passes.
    {S::Review, F::Review, C::AsksFirst, false, Str::VoiceReview, {S::Submitting, S::Prereview, S::Materials, S::Form, S::Notice}},
    {S::FaceConsent, F::Face, C::AsksFirst, false, Str::VoiceFaceConsent, {S::FaceCapture, S::Notice, S::Home, S::Detail}},
    // → Detail: 实人核验 found no platform; the detail says the matter needs the network.
    {S::FaceCapture, F::Face, C::AsksFirst, false, Str::VoiceFaceCapture,
     {S::Form, S::Prereview, S::Review, S::FaceConsent, S::Notice, S::Detail}},
    // A card holder of 60 or more is asked once, before consent; nothing is collected yet.
    {S::ElderlyOffer, F::Session, C::EndsAtOnce, false, Str::VoiceElderlyOffer, {S::Consent}},
};
static_assert(std::size(kFlow) == kScreenCount, "one row per screen");
}  // namespace

std::string_view feature_name(Feature f) {
  switch (f) {
    case F::Session: return "session";
    case F::Find: return "find";
    case F::Application: return "application";
    case F::Materials: return "materials";
    case F::Face: return "face";
    case F::Review: return "review";
    case F::Receipt: return "receipt";
    case F::Rating: return "rating";
    case F::Progress: return "progress";
    case F::Hall: return "hall";
    case F::QrLogin: return "qr_login";
  }
  return "unknown";
}

const ScreenRule& screen_rule(ScreenId screen) {
  const ScreenRule& rule = kFlow[static_cast<int>(screen)];
  // A row out of place would give one screen another's rules: fail loudly at the first use.
  if (rule.screen != screen) std::abort();
  return rule;
}

bool transition_allowed(ScreenId from, ScreenId to) {
  if (to == S::Attract || to == from) return true;
  const auto& next = screen_rule(from).next;
  return std::find(next.begin(), next.end(), to) != next.end();
}

}  // namespace ow
