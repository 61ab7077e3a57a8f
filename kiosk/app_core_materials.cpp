// AppCore, the materials and pre-review steps: capturing pages with the document camera, using an
// electronic licence instead, deferring a 容缺 material, and the one-pass pre-review.
#include "kiosk/app_core.hpp"
#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/log.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
// Today's date as the rules expect it.
std::string today_iso() { return rfc3339_local(std::chrono::system_clock::now()).substr(0, 10); }
}  // namespace

void AppCore::go_next(SteadyTime now) {
  const catalog::Matter* m = current_matter();
  if (!m) return;
  if (screen() == ScreenId::Form) {
    if (!check_form(*m)) return;
    session_.go(m->materials.empty() ? ScreenId::Prereview : ScreenId::Materials, now);
    if (m->materials.empty()) run_prereview();
  } else if (screen() == ScreenId::Materials) {
    stop_capture(false);
    run_prereview();
    session_.go(ScreenId::Prereview, now);
  }
}

bool AppCore::check_form(const catalog::Matter& m) {
  auto& d = session_.data();
  d.field_errors.clear();
  d.submit_failed = false;
  for (const auto& f : m.fields) {
    const auto it = d.form.find(f.key);
    if (auto err = check_field(f, it == d.form.end() ? std::string() : it->second)) d.field_errors[f.key] = *err;
  }
  return d.field_errors.empty();
}

catalog::Application AppCore::application() const {
  const auto& d = session_.data();
  catalog::Application app;
  if (d.identity && d.identity->has_verified_person()) {
    const Identity& id = *d.identity;
    app.applicant = catalog::Applicant{id.name.str(), id.id_number.str(), id.sex.str(), id.ethnicity.str(), id.birth_date.str(), id.address.str()};
  } else {
    // Typed by hand: the applicant is who the form names; the birth date is in the ID number.
    auto value = [&](const char* key) {
      const auto it = d.form.find(key);
      return it == d.form.end() ? std::string() : it->second;
    };
    app.applicant.name = value("name");
    app.applicant.id_number = value("id_number");
    app.applicant.address = value("address");
    const std::string& idn = app.applicant.id_number;
    if (idn.size() == 18) app.applicant.birth_date = idn.substr(6, 4) + "-" + idn.substr(10, 2) + "-" + idn.substr(12, 2);
  }
  app.form = d.form;
  for (const auto& [code, mc] : d.materials) {
    catalog::CapturedMaterial cm;
    cm.pages = static_cast<int>(mc.pages.size());
    cm.from_licence_library = mc.licence;
    cm.deferred = mc.deferred;
    app.materials[code] = cm;
  }
  app.today = today_iso();
  app.id_card_read = d.identity && d.identity->source == IdentitySource::IdCard;
  return app;
}

void AppCore::run_prereview() {
  const catalog::Matter* m = current_matter();
  if (!m) return;
  // A bundle is reviewed once over all its steps: every step's eligibility, each shared field once.
  if (!session_.data().bundle_code.empty() && bundle_merged_) session_.data().prereview = catalog::prereview(*bundle_merged_, application());
  else session_.data().prereview = catalog::prereview(*m, application());
  add_face_prereview_problem();
}

void AppCore::start_capture(const std::string& code) {
  stop_capture(false);
  if (config_.document_camera.source.empty()) return;
  drivers::camera::CameraConfig cc;
  cc.source = config_.document_camera.source;
  cc.width = config_.document_camera.width;
  cc.height = config_.document_camera.height;
  cc.still_width = config_.document_camera.still_width;
  cc.still_height = config_.document_camera.still_height;
  cc.fps = config_.document_camera.fps;
  cc.frame_repeat = config_.document_camera.frame_repeat;
  auto camera = drivers::camera::Camera::open(cc);
  session_.data().capturing = code;
  if (!camera) {
    log::warn("capture", "document camera: " + camera.error().message);
    return;
  }
  doc_camera_ = std::move(*camera);
  capture::SessionOptions options;
  capture_ = std::make_unique<capture::DocumentSession>(*doc_camera_, options, [this] { if (wake_) wake_(); });
}

void AppCore::stop_capture(bool keep_pages) {
  auto& d = session_.data();
  if (capture_ && keep_pages && !d.capturing.empty()) {
    auto& pages = d.materials[d.capturing].pages;
    for (auto& p : capture_->take_pages()) pages.push_back(std::move(p));
  }
  // The session's pages die with it; the camera stops streaming when nobody captures.
  capture_.reset();
  doc_camera_.reset();
  d.capturing.clear();
}

void AppCore::dispatch_materials(const Intent& intent, SteadyTime now) {
  auto& d = session_.data();
  if (const auto* i = std::get_if<intent::CaptureMaterial>(&intent)) {
    if (screen() == ScreenId::Materials) start_capture(i->code);
  } else if (std::holds_alternative<intent::Shutter>(intent)) {
    if (capture_) capture_->capture_now();
  } else if (std::holds_alternative<intent::FinishCapture>(intent)) {
    stop_capture(true);
  } else if (const auto* lic = std::get_if<intent::UseLicence>(&intent)) {
    d.materials[lic->code].licence = true;
  } else if (const auto* def = std::get_if<intent::DeferMaterial>(&intent)) {
    d.materials[def->code].deferred = true;
  } else if (const auto* clr = std::get_if<intent::ClearMaterial>(&intent)) {
    if (auto it = d.materials.find(clr->code); it != d.materials.end()) {
      wipe_pages(it->second);
      d.materials.erase(it);
    }
  } else if (const auto* fix = std::get_if<intent::FixField>(&intent)) {
    d.focus_field = fix->key;
    session_.go(ScreenId::Form, now);
  } else if (const auto* fm = std::get_if<intent::FixMaterial>(&intent)) {
    if (fm->code == kFacePhotoMaterial) enter_face_capture(now, true);
    else session_.go(ScreenId::Materials, now);
  }
}

std::vector<MaterialItem> AppCore::materials_view() const {
  std::vector<MaterialItem> items;
  const catalog::Matter* m = current_matter();
  if (!m) return items;
  const auto& d = session_.data();
  for (const auto& mat : m->materials) {
    MaterialItem item{&mat, 0, false, false};
    if (auto it = d.materials.find(mat.code); it != d.materials.end()) {
      item.pages = static_cast<int>(it->second.pages.size());
      item.licence = it->second.licence;
      item.deferred = it->second.deferred;
    }
    items.push_back(item);
  }
  return items;
}

std::optional<CaptureView> AppCore::capture_view() const {
  const auto& d = session_.data();
  const catalog::Matter* m = current_matter();
  if (d.capturing.empty() || !m) return std::nullopt;
  CaptureView v;
  for (const auto& mat : m->materials)
    if (mat.code == d.capturing) v.material_name = mat.name;
  if (auto it = d.materials.find(d.capturing); it != d.materials.end()) v.pages_before = it->second.pages.size();
  if (!capture_) {
    v.guidance = Str::CaptureCameraOffline;
    return v;
  }
  v.preview = capture_->preview();
  v.overlay = capture_->overlay();
  v.pages = capture_->page_count();
  v.camera_ok = true;
  if (v.overlay) {
    v.guidance = capture::message(v.overlay->reason);
    if (v.overlay->capturing) v.guidance = Str::CaptureDocCapturing;
    else if (v.overlay->waiting_for_next_page) v.guidance = Str::CaptureDocNextPage;
    else if (v.overlay->found && v.overlay->reason == capture::DocReason::Ok) v.guidance = Str::CaptureDocHoldStill;
    if (!v.overlay->camera_online) v.guidance = Str::CaptureCameraOffline;
  }
  return v;
}

PrereviewView AppCore::prereview_view() const {
  PrereviewView v;
  const auto& pr = session_.data().prereview;
  if (!pr) return v;
  v.passed = pr->passed;
  v.instant = pr->instant_approval;
  const catalog::Matter* m = current_matter();
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
