// AppCore, 好差评: one rating per finished service, stored in the outbox and sent to the platform
// like a submission; skipping is always allowed.
#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

void AppCore::dispatch_rating(const Intent& intent, SteadyTime now) {
  if (screen() != ScreenId::Evaluation) return;
  Rating& r = session_.data().rating;
  if (const auto* rate = std::get_if<intent::Rate>(&intent)) {
    if (rate->level < 1 || rate->level > 5) return;
    r.level = rate->level;
    if (r.level > 2) r.reasons.clear();  // reasons belong to a bad rating only
  } else if (const auto* why = std::get_if<intent::ToggleReason>(&intent)) {
    if (why->reason < 0 || why->reason >= kRatingReasons || r.level == 0 || r.level > 2) return;
    if (!r.reasons.erase(why->reason)) r.reasons.insert(why->reason);
  } else if (const auto* c = std::get_if<intent::SetComment>(&intent)) {
    wipe(r.comment);
    r.comment = c->text.substr(0, 500);
  } else if (std::holds_alternative<intent::SkipRating>(intent)) {
    go_goodbye(now);
  } else if (std::holds_alternative<intent::SubmitRating>(intent)) {
    if (r.level == 0) return;
    store::EvaluationDraft draft;
    draft.id = new_uuid();
    draft.submission_id = session_.data().submission_id;
    draft.level = r.level;
    // Reasons travel as their Chinese labels, the platform's vocabulary.
    for (int i : r.reasons) draft.reasons.push_back(tr(static_cast<Str>(static_cast<int>(Str::RatingReason0) + i), Language::Chinese));
    draft.comment = r.level <= 2 ? r.comment : std::string();
    draft.created_at = rfc3339_local(std::chrono::system_clock::now());
    worker_.post([this, draft = std::move(draft)]() mutable {
      if (auto ok = store_->add_evaluation(draft); !ok) log::error("rating", "cannot store the rating: " + ok.error().message);
      else if (sync_) sync_->notify();
      wipe(draft.comment);
    });
    go_goodbye(now);
  }
}

}  // namespace ow
