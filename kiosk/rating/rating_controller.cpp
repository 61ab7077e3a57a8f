#include "kiosk/rating/rating_controller.hpp"

#include "kiosk/log.hpp"
#include "kiosk/session/session_controller.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

RatingController::RatingController(AppContext& ctx, SessionController& session) : ctx_(ctx), session_(session) {}

void RatingController::handle(const intent::Rate& i, SteadyTime) {
  if (!ctx_.on(ScreenId::Evaluation) || i.level < 1 || i.level > 5) return;
  Rating& r = ctx_.data().rating;
  r.level = i.level;
  if (r.level > 2) r.reasons.clear();  // reasons belong to a bad rating only
}

void RatingController::handle(const intent::ToggleReason& i, SteadyTime) {
  Rating& r = ctx_.data().rating;
  if (!ctx_.on(ScreenId::Evaluation) || i.reason < 0 || i.reason >= kReasons || r.level == 0 || r.level > 2) return;
  if (!r.reasons.erase(i.reason)) r.reasons.insert(i.reason);
}

void RatingController::handle(const intent::SetComment& i, SteadyTime) {
  if (ctx_.on(ScreenId::Evaluation)) ctx_.data().rating.comment = i.text.view().substr(0, 500);
}

void RatingController::handle(const intent::SkipRating&, SteadyTime now) {
  if (ctx_.on(ScreenId::Evaluation)) session_.goodbye(now);
}

void RatingController::handle(const intent::SubmitRating&, SteadyTime now) {
  const Rating& r = ctx_.data().rating;
  if (!ctx_.on(ScreenId::Evaluation) || r.level == 0) return;
  store::EvaluationDraft draft;
  draft.id = new_uuid();
  draft.submission_id = ctx_.data().submission_id;
  draft.level = r.level;
  // Reasons travel as their Chinese labels, the platform's vocabulary.
  for (int i : r.reasons) draft.reasons.push_back(tr(static_cast<Str>(static_cast<int>(Str::RatingReason0) + i), Language::Chinese));
  if (r.level <= 2) draft.comment = r.comment.clone();
  draft.created_at = rfc3339_local(std::chrono::system_clock::now());
  ctx_.worker().post([this, draft = std::move(draft)]() mutable {
    if (auto ok = ctx_.store().add_evaluation(draft); !ok) log::error("rating", "cannot store the rating: " + ok.error().message);
    else ctx_.sync_now();
  });
  session_.goodbye(now);
}

}  // namespace ow
