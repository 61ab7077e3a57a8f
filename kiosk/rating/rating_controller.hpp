#pragma once
// 好差评: one rating per finished service, stored in the outbox and sent to the platform like a
// submission; skipping is always allowed. Either way the visit ends on the goodbye screen.
#include "kiosk/app/context.hpp"
#include "kiosk/rating/intents.hpp"

namespace ow {

class SessionController;

class RatingController {
 public:
  static constexpr int kReasons = 6;  // Str::RatingReason0 … RatingReason5

  RatingController(AppContext& ctx, SessionController& session);

  void handle(const intent::Rate& i, SteadyTime now);
  void handle(const intent::ToggleReason& i, SteadyTime now);
  void handle(const intent::SetComment& i, SteadyTime now);
  void handle(const intent::SubmitRating&, SteadyTime now);
  void handle(const intent::SkipRating&, SteadyTime now);

  const Rating& rating_view() const { return ctx_.data().rating; }

 private:
  AppContext& ctx_;
  SessionController& session_;
};

}  // namespace ow
