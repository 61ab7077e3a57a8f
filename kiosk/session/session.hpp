#pragma once
// The citizen session: which screen shows, what the citizen entered, and when it ends.
// Everything personal lives here and nowhere else until it is committed inside a submission.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/secret.hpp"
#include "kiosk/capture/document.hpp"
#include "kiosk/capture/face_session.hpp"
#include "kiosk/catalog/prereview.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "kiosk/identity/identity.hpp"
#include "kiosk/strings.hpp"

namespace ow {

enum class ScreenId { Attract, Consent, Notice, Home, Form, Materials, Prereview, Submitting, Receipt, Evaluation, Goodbye, Search, Guide, Detail,
                      Progress, QueueTicket, Help, QrLogin, QrOffline, Review, FaceConsent, FaceCapture, ElderlyOffer };
inline constexpr int kScreenCount = 23;
std::string_view screen_name(ScreenId screen);

using SteadyTime = std::chrono::steady_clock::time_point;

struct IdlePolicy {
  std::chrono::seconds timeout{90};   // total idle time before the session ends
  std::chrono::seconds countdown{10}; // the last part of it, shown as a countdown
};

// A message screen's content: what happened, and whether the citizen may go on by typing by hand.
struct Notice {
  Str title = Str::CardExpiredTitle;
  Str body = Str::CardExpiredBody;
  bool offer_manual = false;
  bool show_help_desk = false;  // where staff help, from [help_desk]
  std::string reference{};      // for staff to find the case in the log; never personal data
};

// What the citizen handed in for one material: captured pages (personal data), or an electronic
// licence the platform fetches, or a signed promise to bring it later (容缺), or a signed promise
// that replaces it (告知承诺).
struct MaterialCapture {
  std::vector<capture::PageImage> pages;
  bool licence = false;
  bool deferred = false;
  bool promised = false;  // 告知承诺 instead of the proof: takes effect with the signature
  bool from_card = false;  // the ID card read at this kiosk stands for it (the platform fetches the licence)
};

// 好差评: level 5 非常满意 … 1 非常不满意; reasons and a comment for the two lowest.
struct Rating {
  int level = 0;  // 0: not chosen yet
  std::set<int> reasons;
  SecretString comment;  // free text: may be personal
};

// 扫码登录: waiting for a code, asking the platform, or why the last code did not work.
enum class QrLoginState { Waiting, Verifying, Invalid, Expired };
// How the result reaches the citizen (review step), and where to when it is mailed (personal data).
// Unset until the citizen chooses, unless the matter allows one way only: never a silent default.
struct DeliveryChoice {
  std::optional<catalog::Delivery> method;
  std::map<std::string, SecretString> mail;  // mail_name, mail_phone, mail_address
  std::map<std::string, Str> errors;        // mail field key → what is wrong
};

struct SessionData;
// "Take your card", for the card the session was started with; none when no card was placed.
std::optional<Str> take_card(const SessionData& d);

struct SessionData {
  std::optional<Identity> identity;   // from a card; none when the citizen types everything
  std::set<std::string> card_fields;  // form keys filled from the card (shown masked, not editable)
  std::set<std::string> platform_fields;  // form keys filled from the platform's profile and not changed since
  std::set<std::string> touched_fields;   // form keys the citizen set: a late platform answer leaves them be
  std::uint64_t profile_request = 0;      // the profile request whose answer this application waits for
  std::optional<SteadyTime> awaiting_profile;  // when 开始办理 was tapped; the detail waits for that answer
  Notice notice;
  std::string matter_code;
  std::map<std::string, SecretString> form;  // field key → value (personal data)
  std::string focus_field;                  // pre-review's 去修改 opens this field's keyboard
  std::map<std::string, MaterialCapture> materials;  // by material code
  std::string capturing;                    // the material being captured now
  std::optional<catalog::PrereviewResult> prereview;
  Rating rating;
  PrintState print = PrintState::None;
  Str print_failure = Str::PrintFailedOther;
  std::uint64_t print_job = 0;  // kept by the printer for a reprint; 0: print again from scratch
  std::map<std::string, Str> field_errors;  // field key → what is wrong
  bool submit_failed = false;
  bool confirm_cancel = false;  // "cancel" was tapped once: ask before wiping
  std::string submission_id;
  std::string receipt_no;
  ProgressQuery progress;  // 办件查询
  TicketState ticket;      // 排队取号
  bool help_open = false;  // the 办不成事 panel shows
  QrLoginState qr_login = QrLoginState::Waiting;
  std::uint64_t qr_request = 0;  // the platform request whose answer this session waits for
  DeliveryChoice delivery;
  SecretString signature_png;  // the confirmed signature (PNG bytes); empty until confirmed
  std::optional<Str> review_problem;  // why 提交 on the review screen did not go on
  bool face_consent = false;  // the citizen agreed to the face capture this matter needs
  capture::FacePhoto face_photo;     // the applicant's photo, accepted by the citizen (personal data)
  bool face_from_prereview = false;  // the photo step was opened by 去修改: "use it" returns there
  // 实人核验: the platform's reference for the match (empty until verified), the failed attempts in
  // this session, and the request whose answer the photo step waits for.
  std::string verification;
  int verify_failures = 0;
  std::uint64_t verify_request = 0;
  std::optional<Str> verify_problem;  // what the photo step says after an attempt that failed
  bool verify_unreachable = false;    // the verification call found no platform: this session waits for none
  // Finding the matter: the home screen's choice, the search typed, the guide's answers so far,
  // the detail shown and where it was opened from.
  catalog::Audience home_audience = catalog::Audience::Person;
  std::string home_category;
  SecretString search_query;  // typed free text
  std::string guide_code;
  std::vector<std::string> guide_path;  // node ids from the root to the question shown
  std::string detail_code;
  bool detail_bundle = false;
  ScreenId detail_from = ScreenId::Home;
  std::string bundle_code;  // non-empty: the application is this 一件事 bundle
  PrintState checklist_print = PrintState::None;
  Str checklist_failure = Str::ChecklistFailedOther;

  // An ID card or a QR code the platform resolved names the applicant (not a social security card
  // alone, and not typed names).
  bool has_verified_person() const { return identity && identity->has_verified_person(); }
};

// One citizen's visit, from the first touch or card to the attract screen again. It owns everything
// per citizen — identity, what was entered and captured, the language and elderly mode chosen — and
// end() resets all of it in one place, whatever ended the visit (finish, cancel, idle timeout).
class Session {
 public:
  // `base` is the standard-mode idle policy; `language` the configured one every visit starts in.
  Session(IdlePolicy base, Language language);

  ScreenId screen() const { return screen_; }
  // Moves to `next` when the flow table (screen_flow.hpp) allows it; otherwise logs it and stays
  // (a test build stops there). Returns whether it moved.
  bool go(ScreenId next, SteadyTime now);

  // The language of this visit; also what tr() translates into while it lasts.
  Language language() const { return language_; }
  void set_language(Language language);
  // 长辈模式: twice the idle time and a longer countdown while it is on.
  bool elderly() const { return elderly_; }
  void set_elderly(bool on) { elderly_ = on; }
  void activity(SteadyTime now) { last_activity_ = now; }

  // Seconds left while the countdown shows; nothing before it starts or where no timeout applies.
  std::optional<int> countdown_left(SteadyTime now) const;
  bool idle_expired(SteadyTime now) const;
  // When the countdown starts showing (only meaningful where a timeout applies).
  SteadyTime countdown_start() const { return last_activity_ + policy().timeout - policy().countdown; }
  bool timeout_applies() const;

  // Wipes every personal value and returns to the attract screen in the configured language and
  // standard mode.
  void end();
  // Wipes every personal value but stays on this screen, language and mode: for the last screen of a
  // visit that says goodbye or where to go next.
  void wipe_data();

  SessionData& data() { return data_; }
  const SessionData& data() const { return data_; }

 private:
  IdlePolicy policy() const;
  IdlePolicy base_policy_;
  Language default_language_;
  Language language_;
  bool elderly_ = false;
  ScreenId screen_ = ScreenId::Attract;
  SteadyTime last_activity_{};
  SessionData data_;
};

}  // namespace ow
