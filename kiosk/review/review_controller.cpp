// ReviewController: the pre-review, review and sign, and their view models.
#include <nlohmann/json.hpp>

#include "kiosk/application/application_controller.hpp"
#include "kiosk/face/face_controller.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/secret_json.hpp"
#include "kiosk/log.hpp"
#include "kiosk/review/review_controller.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
// The mail address form; labels follow the language.
std::vector<catalog::FormField> mail_fields() {
  using catalog::FieldType;
  return {catalog::FormField{"mail_name", tr(Str::MailName), FieldType::Text, true, {}, {}, {}, {}},
          catalog::FormField{"mail_phone", tr(Str::MailPhone), FieldType::Phone, true, {}, {}, {}, {}},
          catalog::FormField{"mail_address", tr(Str::MailAddress), FieldType::Address, true, {}, {}, {}, {}}};
}

Str delivery_name(catalog::Delivery d) {
  switch (d) {
    case catalog::Delivery::Mail: return Str::DeliveryMail;
    case catalog::Delivery::Electronic: return Str::DeliveryElectronic;
    case catalog::Delivery::Window: break;
  }
  return Str::DeliveryWindow;
}

const char* delivery_code(catalog::Delivery d) {
  switch (d) {
    case catalog::Delivery::Mail: return "mail";
    case catalog::Delivery::Electronic: return "electronic";
    case catalog::Delivery::Window: break;
  }
  return "window";
}

// A matter that names no delivery hands its result over at the window.
std::vector<catalog::Delivery> allowed(const catalog::Matter& m) {
  if (m.result.delivery.empty()) return {catalog::Delivery::Window};
  return m.result.delivery;
}
}  // namespace

ReviewController::ReviewController(AppContext& ctx, ApplicationController& application, FaceController& face,
                                   ReceiptController& receipt)
    : ctx_(ctx), application_(application), face_(face), receipt_(receipt) {}

void ReviewController::run_prereview() {
  const catalog::Matter* m = application_.current_matter();
  if (!m) return;
  auto& pr = ctx_.data().prereview;
  // A bundle is reviewed once over all its steps: every step's eligibility, each shared field once.
  if (const catalog::MergedBundle* b = application_.current_bundle()) pr = catalog::prereview(*b, application_.application());
  else pr = catalog::prereview(*m, application_.application());
  if (auto p = face_photo_problem(*m, !ctx_.data().face_photo.jpeg.jpeg.empty())) {
    pr->problems.insert(pr->problems.begin(), std::move(*p));
    pr->passed = false;
    pr->instant_approval = false;
  }
}

void ReviewController::prereview_and_go(SteadyTime now) {
  run_prereview();
  const auto& pr = ctx_.data().prereview;
  // Deferred materials were promised on the materials screen and are listed again on the review.
  ctx_.go(pr && pr->passed && pr->problems.empty() ? ScreenId::Review : ScreenId::Prereview, now);
}

void ReviewController::handle(const intent::FixField& i, SteadyTime now) {
  if (!ctx_.on(ScreenId::Prereview)) return;
  ctx_.data().focus_field = i.key;
  ctx_.go(ScreenId::Form, now);
}

void ReviewController::handle(const intent::FixMaterial& i, SteadyTime now) {
  if (!ctx_.on(ScreenId::Prereview)) return;
  if (i.code == kFacePhotoMaterial) face_.enter_capture(now, true);
  else ctx_.go(ScreenId::Materials, now);
}

void ReviewController::handle(const intent::Next&, SteadyTime now) {
  const auto& pr = ctx_.data().prereview;
  if (ctx_.on(ScreenId::Prereview) && pr && pr->passed) ctx_.go(ScreenId::Review, now);
}

void ReviewController::handle(const intent::Back&, SteadyTime now) {
  const auto& pr = ctx_.data().prereview;
  const catalog::Matter* m = application_.current_matter();
  // Back goes where the citizen came from: the pre-review only when it was shown.
  if (ctx_.on(ScreenId::Review) && pr && !pr->problems.empty()) ctx_.go(ScreenId::Prereview, now);
  else if (ctx_.on(ScreenId::Review) || ctx_.on(ScreenId::Prereview))
    ctx_.go(m && !m->materials.empty() ? ScreenId::Materials : ScreenId::Form, now);
}

void ReviewController::handle(const intent::ChooseDelivery& i, SteadyTime) {
  const catalog::Matter* m = application_.current_matter();
  if (!ctx_.on(ScreenId::Review) || !m) return;
  auto& d = ctx_.data();
  for (catalog::Delivery ok : allowed(*m))
    if (ok == i.method) d.delivery.method = ok;
  d.review_problem.reset();
}

void ReviewController::handle(const intent::SetDeliveryField& i, SteadyTime) {
  if (!ctx_.on(ScreenId::Review) || !application_.current_matter()) return;
  auto& d = ctx_.data();
  for (const auto& field : mail_fields()) {
    if (field.key != i.key) continue;
    d.delivery.mail[field.key] = i.value.clone();
    // Checked as typed, like the form: a complete but wrong value is told at once.
    auto err = d.delivery.errors.count(field.key) ? check_field(field, i.value.view()) : check_typing(field, i.value.view());
    if (err && *err != Str::FormMissing) d.delivery.errors[field.key] = *err;
    else d.delivery.errors.erase(field.key);
  }
}

void ReviewController::handle(const intent::Sign& i, SteadyTime) {
  if (!ctx_.on(ScreenId::Review) || !application_.current_matter()) return;
  auto& d = ctx_.data();
  if (!capture::signature_substantial(i.strokes)) {
    d.review_problem = Str::ReviewSignTooShort;
    return;
  }
  auto png = capture::signature_png(i.strokes);
  if (!png) {
    log::error("review", png.error().message);
    return;
  }
  d.signature_png = std::move(*png);
  d.review_problem.reset();
}

void ReviewController::handle(const intent::ClearSignature&, SteadyTime) {
  if (ctx_.on(ScreenId::Review) && application_.current_matter()) ctx_.data().signature_png.clear();
}

bool ReviewController::ready_to_submit() {
  auto& d = ctx_.data();
  // A signature refused as too short a moment ago says so, rather than "please sign".
  const bool too_short = d.review_problem == Str::ReviewSignTooShort;
  d.review_problem.reset();
  if (d.delivery.method == catalog::Delivery::Mail) {
    for (const auto& f : mail_fields()) {
      const auto it = d.delivery.mail.find(f.key);
      if (auto err = check_field(f, it == d.delivery.mail.end() ? std::string_view() : it->second.view())) d.delivery.errors[f.key] = *err;
    }
    if (!d.delivery.errors.empty()) d.review_problem = Str::ReviewNeedAddress;
  }
  if (d.signature_png.empty()) d.review_problem = too_short ? Str::ReviewSignTooShort : Str::ReviewNeedSignature;
  // The choice heads the column: what is missing there is told first.
  if (!d.delivery.method) d.review_problem = Str::ReviewNeedDelivery;
  return !d.review_problem;
}

SecretString ReviewController::delivery_json() const {
  const DeliveryChoice& c = ctx_.data().delivery;
  SecretJson j(nlohmann::json::object());
  (*j)["method"] = delivery_code(c.method.value_or(catalog::Delivery::Window));
  if (c.method == catalog::Delivery::Mail)
    for (const auto& f : mail_fields())
      if (auto it = c.mail.find(f.key); it != c.mail.end()) (*j)[f.key.substr(5)] = it->second.str();  // name, phone, address
  return j.dump();
}

std::string ReviewController::delivery_words() const {
  const auto& method = ctx_.data().delivery.method;
  return method ? tr(delivery_name(*method)) : std::string();
}

ReviewView ReviewController::review_view() const {
  ReviewView v;
  const catalog::Matter* m = application_.current_matter();
  if (!m) return v;
  const auto& d = ctx_.data();
  v.matter_name = m->name;
  for (const auto& f : m->fields) {
    if (f.type == catalog::FieldType::Signature) continue;  // signed below
    const auto it = d.form.find(f.key);
    v.fields.push_back({f.label, it == d.form.end() ? SecretString() : it->second.clone()});
  }
  for (const auto& mat : m->materials) {
    if (auto it = d.materials.find(mat.code); it != d.materials.end() && it->second.promised && !mat.promise.empty())
      v.promises.push_back(trf(Str::ReviewPromise, mat.promise));
    if (mat.capture == catalog::Capture::None) continue;
    std::string state = tr(Str::ReviewNotProvided);
    if (auto it = d.materials.find(mat.code); it != d.materials.end()) {
      if (it->second.from_card) state = tr(Str::ReviewFromCard);
      else if (it->second.licence) state = tr(Str::ReviewLicence);
      else if (!it->second.pages.empty()) state = trf(Str::ReviewPages, static_cast<int>(it->second.pages.size()));
      else if (it->second.deferred) state = tr(Str::ReviewDeferred);
      else if (it->second.promised) state = tr(Str::ReviewPromised);
    }
    v.materials.push_back({mat.name, state});
  }
  v.delivery_options = allowed(*m);
  v.delivery = d.delivery.method;
  if (d.delivery.method == catalog::Delivery::Mail) {
    v.mail_fields = mail_fields();
    for (const auto& f : v.mail_fields) {
      const auto value = d.delivery.mail.find(f.key);
      v.mail_values.push_back(value == d.delivery.mail.end() ? SecretString() : value->second.clone());
      const auto err = d.delivery.errors.find(f.key);
      v.mail_errors.push_back(err == d.delivery.errors.end() ? std::nullopt : std::optional<Str>(err->second));
    }
  }
  v.signed_ = !d.signature_png.empty();
  if (m->face_verification) v.face_photo = d.face_photo.pixels;
  v.problem = d.review_problem;
  return v;
}

PrereviewView ReviewController::prereview_view() const {
  PrereviewView v;
  const auto& pr = ctx_.data().prereview;
  if (!pr) return v;
  v.passed = pr->passed;
  v.instant = pr->instant_approval;
  const catalog::Matter* m = application_.current_matter();
  for (const auto& p : pr->problems) {
    ProblemView pv;
    pv.text = p.text ? std::string(tr(*p.text)) : p.message;
    pv.blocking = p.blocking;
    pv.field = p.field;
    pv.material = p.material;
    if (m) {
      for (const auto& f : m->fields)
        if (!p.field.empty() && f.key == p.field) pv.subject = f.label;
      for (const auto& mat : m->materials)
        if (!p.material.empty() && mat.code == p.material) pv.subject = mat.name;
    }
    if (p.material == kFacePhotoMaterial) pv.subject = tr(Str::FacePhotoSubject);
    v.problems.push_back(std::move(pv));
  }
  if (m)
    for (const auto& code : pr->deferred_materials)
      for (const auto& mat : m->materials)
        if (mat.code == code) v.deferred.push_back(mat.name);
  return v;
}

}  // namespace ow
