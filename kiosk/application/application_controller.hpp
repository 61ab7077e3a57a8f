#pragma once
// The application being made: which matter (or 一件事 bundle, merged into one matter) it is, the
// form with its values from the card, the platform's profile and the citizen's typing, checked as
// typed; and the way on to the materials or straight to the pre-review.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/application/applicant.hpp"
#include "kiosk/application/intents.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/identity/applicant_profile.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class FaceController;
class ReviewController;

struct FieldView {
  const catalog::FormField* field = nullptr;
  SecretString value;          // as shown: an ID number read from the card is masked
  bool from_card = false;      // filled from the card: shown, not editable
  bool from_platform = false;  // filled from the platform's profile, unchanged: editable, marked so
  std::optional<Str> error;
};

struct FormView {
  std::string matter_name;
  std::vector<FieldView> fields;
  bool submit_failed = false;
};

class ApplicationController {
 public:
  ApplicationController(AppContext& ctx, FaceController& face, ReviewController& review);

  void handle(const intent::SetField& i, SteadyTime now);
  void handle(const intent::Next&, SteadyTime now);  // on the form
  void handle(const intent::Back&, SteadyTime now);  // on the form

  // Opens the form when the platform's profile is later than 开始办理 can wait; true if it did.
  bool update(SteadyTime now);
  // 开始办理: a new application for the matter or bundle `code`, nothing carried over from another.
  void start(const std::string& code, bool bundle, SteadyTime now);
  // The matter being applied for; a bundle runs as one merged matter (bundle_as_matter).
  const catalog::Matter* current_matter() const;
  // The bundle being applied for, merged; null for a single matter.
  const catalog::MergedBundle* current_bundle() const;
  // Checks every field, keeping what is wrong for the form to show; true when all are right.
  bool check_form();
  // What is wrong with each field now (field key → why), without keeping it.
  std::map<std::string, Str> form_errors(const catalog::Matter& m) const;
  catalog::Application application() const;

  FormView form_view() const;
  // The field the pre-review asked to fix; the form screen opens it once.
  std::string take_focus_field() { return std::exchange(ctx_.data().focus_field, {}); }

 private:
  // Whether the session's identity is enough for `m` (kiosk/application/identity_gate).
  bool may_start(const catalog::Matter& m) const;
  void prefill_from_card(const catalog::Matter& matter);
  // Marks the materials an ID card read at this kiosk satisfies as handed in.
  void card_stands_for_materials(const catalog::Matter& matter);
  // prefill.cpp: the platform's profile of the applicant, asked on a worker when online.
  void request_platform_prefill(const catalog::Matter& matter);
  void apply_platform_prefill(std::uint64_t request, std::optional<ApplicantProfile> profile);
  void fill_from_profile(const catalog::Matter& matter, const ApplicantProfile& profile);
  // The form, or the screen after it when nothing in it is left for the citizen to fill.
  void open_form(SteadyTime now);
  // On from a complete form: the materials, or the pre-review when none are asked for.
  void leave_form(const catalog::Matter& m, SteadyTime now);

  AppContext& ctx_;
  FaceController& face_;
  ReviewController& review_;
  // Pointers into the catalog, which changes only between sessions.
  std::optional<catalog::MergedBundle> bundle_merged_;
  std::optional<catalog::Matter> bundle_matter_;
  std::uint64_t profile_requests_ = 0;
};

}  // namespace ow
