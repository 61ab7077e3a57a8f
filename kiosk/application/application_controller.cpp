#include "kiosk/application/application_controller.hpp"

#include "kiosk/application/identity_gate.hpp"
#include "kiosk/face/face_controller.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/log.hpp"
#include "kiosk/review/review_controller.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
// How long 开始办理 waits for the platform's profile before opening the form anyway: a platform that
// answers normally takes tens of milliseconds; longer would feel like a hang.
constexpr auto kProfileWait = std::chrono::milliseconds(1500);
}  // namespace

ApplicationController::ApplicationController(AppContext& ctx, FaceController& face, ReviewController& review)
    : ctx_(ctx), face_(face), review_(review) {}

const catalog::Matter* ApplicationController::current_matter() const {
  const auto& d = ctx_.data();
  if (!d.bundle_code.empty()) return bundle_matter_ && bundle_matter_->code == d.bundle_code ? &*bundle_matter_ : nullptr;
  return ctx_.catalog().find(d.matter_code);
}

const catalog::MergedBundle* ApplicationController::current_bundle() const {
  return !ctx_.data().bundle_code.empty() && bundle_merged_ ? &*bundle_merged_ : nullptr;
}

void ApplicationController::start(const std::string& code, bool bundle, SteadyTime now) {
  auto& d = ctx_.data();
  const catalog::Matter* m = nullptr;
  if (bundle) {
    const catalog::Bundle* b = ctx_.catalog().find_bundle(code);
    if (!b) return;
    auto merged = catalog::merge_bundle(ctx_.catalog(), *b);
    if (!merged) {
      log::error("catalog", merged.error().message);
      return;
    }
    auto as_matter = catalog::bundle_as_matter(*merged);
    if (!may_start(as_matter)) return;
    bundle_matter_ = std::move(as_matter);
    bundle_merged_ = std::move(*merged);
    d.bundle_code = b->code;
    d.matter_code.clear();
    m = &*bundle_matter_;
  } else {
    m = ctx_.catalog().find(code);
    if (!m || !may_start(*m)) return;
    d.bundle_code.clear();
    d.matter_code = m->code;
  }
  // A new application starts clean: nothing typed or captured for another one carries over.
  d.form.clear();
  d.materials.clear();
  d.face_photo = {};
  d.prereview.reset();
  d.field_errors.clear();
  d.submit_failed = false;
  prefill_from_card(*m);
  card_stands_for_materials(*m);
  request_platform_prefill(*m);
  d.delivery = DeliveryChoice{};
  // One way to receive the result is no choice; of several, the citizen picks on the review.
  if (m->result.delivery.empty()) d.delivery.method = catalog::Delivery::Window;
  else if (m->result.delivery.size() == 1) d.delivery.method = m->result.delivery.front();
  // A matter that checks the face asks for that separately, before anything is typed. Otherwise the
  // platform's answer, when asked for, decides whether the form needs the citizen at all: the detail
  // says it is being looked up meanwhile, for kProfileWait at most (update()).
  const bool face_step = m->face_verification || identity_gap(*m, d, true) == IdentityGap::NeedsVerification;
  if (!face_step) {
    d.awaiting_profile.reset();
    if (d.profile_request != 0) d.awaiting_profile = now;
    else open_form(now);
  } else if (!d.face_consent) ctx_.go(ScreenId::FaceConsent, now);
  else face_.enter_capture(now, false);  // agreed once in this session: straight to the photo
}

bool ApplicationController::may_start(const catalog::Matter& m) const {
  // The detail screen says why and what to do instead (identity_gap_message); nothing starts.
  const IdentityGap gap = identity_gap(m, ctx_.data(), ctx_.sync_status().online);
  if (blocks_start(gap)) {
    log::info("application", gap == IdentityGap::NeedsDocument ? "not started: the matter needs an ID document"
                                                                : "not started: verification needs the platform");
    return false;
  }
  return true;
}

bool ApplicationController::update(SteadyTime now) {
  auto& d = ctx_.data();
  if (!d.awaiting_profile || now - *d.awaiting_profile < kProfileWait) return false;
  d.awaiting_profile.reset();
  // A slow platform: the citizen starts on the form, which its late answer still fills.
  if (ctx_.on(ScreenId::Detail)) ctx_.go(ScreenId::Form, now);
  return true;
}

void ApplicationController::prefill_from_card(const catalog::Matter& matter) {
  auto& d = ctx_.data();
  d.card_fields.clear();
  if (!d.identity) return;
  for (const auto& f : matter.fields) {
    if (auto value = d.identity->prefill(f.prefill)) {
      d.form[f.key] = std::move(*value);
      d.card_fields.insert(f.key);
    }
  }
}

void ApplicationController::card_stands_for_materials(const catalog::Matter& matter) {
  auto& d = ctx_.data();
  if (!d.identity || d.identity->source != IdentitySource::IdCard) return;
  // The card was just read here: asking for it again (as a photo or a licence) would be a wasted tap.
  for (const auto& mat : matter.materials)
    if (mat.licence_type == catalog::kIdCardLicence) {
      MaterialCapture& mc = d.materials[mat.code];
      mc.licence = true;
      mc.from_card = true;
    }
}

void ApplicationController::handle(const intent::SetField& i, SteadyTime) {
  const catalog::Matter* m = current_matter();
  if (!m || !ctx_.on(ScreenId::Form)) return;
  auto& d = ctx_.data();
  for (const auto& f : m->fields) {
    if (f.key != i.key || d.card_fields.count(f.key)) continue;
    d.form[f.key] = i.value.clone();
    d.touched_fields.insert(f.key);
    d.platform_fields.erase(f.key);
    // Errors already shown follow the value as it is corrected; a complete value that is wrong
    // (phone, ID number, credit code, date) is told as soon as it is typed.
    auto err = d.field_errors.count(f.key) ? check_field(f, i.value.view()) : check_typing(f, i.value.view());
    if (err) d.field_errors[f.key] = *err;
    else d.field_errors.erase(f.key);
  }
}

void ApplicationController::handle(const intent::Next&, SteadyTime now) {
  const catalog::Matter* m = current_matter();
  if (!m || !ctx_.on(ScreenId::Form) || !check_form()) return;
  leave_form(*m, now);
}

void ApplicationController::leave_form(const catalog::Matter& m, SteadyTime now) {
  if (!m.materials.empty()) ctx_.go(ScreenId::Materials, now);
  else review_.prereview_and_go(now);
}

void ApplicationController::open_form(SteadyTime now) {
  const catalog::Matter* m = current_matter();
  if (!m) return;
  // 免填单: what the card and the platform filled in full (and right) is not asked again. The review
  // shows every value before the citizen signs, and Back from the next screen opens the form.
  if (form_errors(*m).empty()) {
    log::info("application", "form filled from the card and the platform: not shown");
    leave_form(*m, now);
  } else {
    ctx_.go(ScreenId::Form, now);
  }
}

void ApplicationController::handle(const intent::Back&, SteadyTime now) {
  if (ctx_.on(ScreenId::Form)) ctx_.go(ctx_.data().detail_code.empty() ? ScreenId::Home : ScreenId::Detail, now);
}

bool ApplicationController::check_form() {
  auto& d = ctx_.data();
  d.field_errors.clear();
  d.submit_failed = false;
  const catalog::Matter* m = current_matter();
  if (!m) return false;
  d.field_errors = form_errors(*m);
  return d.field_errors.empty();
}

std::map<std::string, Str> ApplicationController::form_errors(const catalog::Matter& m) const {
  const auto& d = ctx_.data();
  std::map<std::string, Str> errors;
  for (const auto& f : m.fields) {
    const auto it = d.form.find(f.key);
    if (auto err = check_field(f, it == d.form.end() ? std::string_view() : it->second.view())) errors[f.key] = *err;
  }
  return errors;
}

catalog::Application ApplicationController::application() const {
  const auto& d = ctx_.data();
  catalog::Application app;
  app.applicant = build_applicant(d).applicant;
  for (const auto& [key, value] : d.form) app.form[key] = value.clone();
  for (const auto& [code, mc] : d.materials) {
    catalog::CapturedMaterial cm;
    cm.pages = static_cast<int>(mc.pages.size());
    cm.from_licence_library = mc.licence;
    cm.deferred = mc.deferred;
    cm.promised = mc.promised;
    app.materials[code] = cm;
  }
  app.today = catalog::iso_date(catalog::local_today());  // as the rules expect it
  app.id_card_read = d.identity && d.identity->source == IdentitySource::IdCard;
  return app;
}

FormView ApplicationController::form_view() const {
  FormView view;
  const catalog::Matter* m = current_matter();
  if (!m) return view;
  const auto& d = ctx_.data();
  view.matter_name = m->name;
  view.submit_failed = d.submit_failed;
  for (const auto& f : m->fields) {
    FieldView fv{&f, {}, d.card_fields.count(f.key) > 0, d.platform_fields.count(f.key) > 0, {}};
    if (auto it = d.form.find(f.key); it != d.form.end()) fv.value = it->second.clone();
    if (fv.from_card && f.type == catalog::FieldType::IdNumber) fv.value = mask_id_number(fv.value.view());
    if (auto it = d.field_errors.find(f.key); it != d.field_errors.end()) fv.error = it->second;
    view.fields.push_back(std::move(fv));
  }
  return view;
}

}  // namespace ow
