// AppCore, a commit whose outcome is not known (StoreErrorCode::Uncertain): the submission may
// still reach the platform, so the citizen must not hand it in again. The session is wiped first,
// which leaves no way back to the submit button, and the notice says to ask staff, where, and
// which case to ask about; the technicians' log names the submission by its id only.
#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"

namespace ow {

void AppCore::show_uncertain_commit(std::string submission_id, const std::string& why, SteadyTime now) {
  // By value: ending the session below wipes the session's copy of the id.
  log::error("submit", "commit outcome uncertain, submission " + submission_id +
                           " may still be delivered; check `kioskctl outbox list` before the citizen applies again: " + why);
  session_.end();
  // The reference staff read out from the screen: the start of the id, enough to find the log line.
  session_.data().notice = Notice{Str::SubmitUncertainTitle, Str::SubmitUncertainBody, false, true,
                                  submission_id.substr(0, 8)};
  session_.go(ScreenId::Notice, now);
}

}  // namespace ow
