// AppCore, review and sign: after a passed pre-review the citizen sees everything the submission
// will carry (the ID number in full, here only), chooses how the result reaches them, signs with a
// finger and submits from here. Also the separate consent for matters that check the face.
#include <nlohmann/json.hpp>

#include "kiosk/app_core.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/log.hpp"
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

void AppCore::dispatch_review(const Intent& intent, SteadyTime now) {
  auto& d = session_.data();
  if (screen() == ScreenId::FaceConsent) {
    if (std::holds_alternative<intent::FaceAgree>(intent)) {
      d.face_consent = true;
      enter_face_capture(now, false);
    } else if (std::holds_alternative<intent::FaceDecline>(intent)) {
      // Nothing of this session is needed at the window: wipe it before saying where to go.
      log::info("session", "face check declined; sent to a staff window");
      session_.end();
      session_.data().notice = Notice{Str::FaceDeclinedTitle, Str::FaceDeclinedBody, false};
      session_.go(ScreenId::Notice, now);
    }
    return;
  }
  if (screen() != ScreenId::Review) return;
  const catalog::Matter* m = current_matter();
  if (!m) return;
  if (const auto* c = std::get_if<intent::ChooseDelivery>(&intent)) {
    for (catalog::Delivery ok : allowed(*m))
      if (ok == c->method) d.delivery.method = ok;
    d.review_problem.reset();
  } else if (const auto* f = std::get_if<intent::SetDeliveryField>(&intent)) {
    for (const auto& field : mail_fields()) {
      if (field.key != f->key) continue;
      wipe(d.delivery.mail[field.key]);
      d.delivery.mail[field.key] = f->value;
      // Checked as typed, like the form: a complete but wrong value is told at once.
      auto err = d.delivery.errors.count(field.key) ? check_field(field, f->value) : check_typing(field, f->value);
      if (err && *err != Str::FormMissing) d.delivery.errors[field.key] = *err;
      else d.delivery.errors.erase(field.key);
    }
  } else if (const auto* sign = std::get_if<intent::Sign>(&intent)) {
    if (!capture::signature_substantial(sign->strokes)) {
      d.review_problem = Str::ReviewSignTooShort;
      return;
    }
    auto png = capture::signature_png(sign->strokes);
    if (!png) {
      log::error("review", png.error().message);
      return;
    }
    wipe(d.signature_png);
    d.signature_png = std::move(*png);
    d.review_problem.reset();
  } else if (std::holds_alternative<intent::ClearSignature>(intent)) {
    wipe(d.signature_png);
    d.signature_png.clear();
  }
}

bool AppCore::ready_to_submit() {
  auto& d = session_.data();
  d.review_problem.reset();
  if (d.delivery.method == catalog::Delivery::Mail) {
    for (const auto& f : mail_fields()) {
      const auto it = d.delivery.mail.find(f.key);
      if (auto err = check_field(f, it == d.delivery.mail.end() ? std::string() : it->second)) d.delivery.errors[f.key] = *err;
    }
    if (!d.delivery.errors.empty()) d.review_problem = Str::ReviewNeedAddress;
  }
  if (d.signature_png.empty()) d.review_problem = Str::ReviewNeedSignature;
  return !d.review_problem;
}

std::string AppCore::delivery_json() const {
  const DeliveryChoice& c = session_.data().delivery;
  nlohmann::json j{{"method", delivery_code(c.method)}};
  if (c.method == catalog::Delivery::Mail)
    for (const auto& f : mail_fields())
      if (auto it = c.mail.find(f.key); it != c.mail.end()) j[f.key.substr(5)] = it->second;  // name, phone, address
  return j.dump();
}

std::string AppCore::delivery_words() const { return tr(delivery_name(session_.data().delivery.method)); }

ReviewView AppCore::review_view() const {
  ReviewView v;
  const catalog::Matter* m = current_matter();
  if (!m) return v;
  const auto& d = session_.data();
  v.matter_name = m->name;
  for (const auto& f : m->fields) {
    if (f.type == catalog::FieldType::Signature) continue;  // signed below
    const auto it = d.form.find(f.key);
    v.fields.push_back({f.label, it == d.form.end() ? std::string() : it->second});
  }
  for (const auto& mat : m->materials) {
    if (mat.capture == catalog::Capture::None) continue;
    std::string state = tr(Str::ReviewNotProvided);
    if (auto it = d.materials.find(mat.code); it != d.materials.end()) {
      if (it->second.licence) state = tr(Str::ReviewLicence);
      else if (!it->second.pages.empty()) state = trf(Str::ReviewPages, static_cast<int>(it->second.pages.size()));
      else if (it->second.deferred) state = tr(Str::ReviewDeferred);
    }
    v.materials.push_back({mat.name, state});
  }
  v.delivery_options = allowed(*m);
  v.delivery = d.delivery.method;
  if (d.delivery.method == catalog::Delivery::Mail) {
    v.mail_fields = mail_fields();
    for (const auto& f : v.mail_fields) {
      const auto value = d.delivery.mail.find(f.key);
      v.mail_values.push_back(value == d.delivery.mail.end() ? std::string() : value->second);
      const auto err = d.delivery.errors.find(f.key);
      v.mail_errors.push_back(err == d.delivery.errors.end() ? std::nullopt : std::optional<Str>(err->second));
    }
  }
  v.signed_ = !d.signature_png.empty();
  if (m->face_verification) v.face_photo = d.face_photo.pixels;
  v.problem = d.review_problem;
  return v;
}

FaceConsentView AppCore::face_consent_view() const {
  const catalog::Matter* m = current_matter();
  return FaceConsentView{m ? m->name : std::string(), config_.platform.retention_days};
}

}  // namespace ow
