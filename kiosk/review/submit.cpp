// ReviewController, 提交: the submission is built from the session (one applicant builder, the form,
// the materials and photo, the pre-review, the signature and the delivery), committed durably on the
// store's worker, and only then is the receipt printed. A failed commit returns to the form; one
// whose outcome is unknown must not be retried.
#include <nlohmann/json.hpp>

#include "kiosk/application/application_controller.hpp"
#include "kiosk/face/face_controller.hpp"
#include "kiosk/log.hpp"
#include "kiosk/receipt/receipt_controller.hpp"
#include "kiosk/review/review_controller.hpp"
#include "kiosk/secret_json.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

void ReviewController::handle(const intent::Submit&, SteadyTime now) {
  const auto& pr = ctx_.data().prereview;
  if (ctx_.on(ScreenId::Review) && pr && pr->passed && ready_to_submit()) submit(now);
}

void ReviewController::submit(SteadyTime now) {
  const catalog::Matter* m = application_.current_matter();
  if (!m) return;
  auto& d = ctx_.data();
  if (!application_.check_form()) {
    ctx_.go(ScreenId::Form, now);
    return;
  }
  if (ctx_.refuse_if_out_of_service(now)) return;

  SecretJson form(nlohmann::json::object());
  for (const auto& f : m->fields)
    if (f.type != catalog::FieldType::Signature) (*form)[f.key] = d.form[f.key].str();  // the signature goes as its blob
  store::SubmissionDraft draft;
  draft.id = new_uuid();
  draft.kiosk_id = ctx_.config().kiosk_id;
  draft.kiosk_number = ctx_.config().kiosk_number;
  draft.created_at = rfc3339_local(std::chrono::system_clock::now());
  draft.matter_code = m->code;
  draft.is_bundle = !d.bundle_code.empty();
  draft.catalog_version = ctx_.catalog().version;
  draft.form_json = form.dump();
  for (const auto& [code, mc] : d.materials) {
    for (const auto& page : mc.pages)
      draft.materials.push_back(store::Attachment{code, SecretString(page.jpeg.view())});
    // An electronic licence replaces the paper: the platform fetches it by type from the licence library.
    const catalog::Material* mat = m->material(code);
    if (mc.licence && mc.pages.empty() && mat && !mat->licence_type.empty()) draft.licences[code] = mat->licence_type;
  }
  // The applicant's photo goes as one more attachment, encrypted at rest like every blob.
  if (!d.face_photo.jpeg.jpeg.empty())
    draft.materials.push_back(store::Attachment{kFacePhotoMaterial, SecretString(d.face_photo.jpeg.jpeg.view())});
  if (d.prereview) {
    // The 告知承诺 statements go word for word: the department checks afterwards what was promised.
    nlohmann::json promises = nlohmann::json::array();
    for (const auto& code : d.prereview->promised_materials)
      if (const catalog::Material* mat = m->material(code)) promises.push_back({{"material", code}, {"text", mat->promise}});
    nlohmann::json pr{{"passed", d.prereview->passed}, {"instant_approval", d.prereview->instant_approval},
                      {"deferred_materials", d.prereview->deferred_materials}, {"promises", promises}};
    draft.prereview_json = pr.dump();
  }
  // Who applied and how the kiosk knows, typed or read: the ID number also keys 办件查询 by card.
  const ApplicantRecord applicant = build_applicant(d);
  draft.applicant_json = applicant_json(applicant);
  draft.id_number = applicant.applicant.id_number.clone();
  draft.signature_png = d.signature_png.clone();
  draft.delivery_json = delivery_json();
  d.submission_id = draft.id;
  ctx_.go(ScreenId::Submitting, now);
  ctx_.worker().post([this, draft = std::move(draft)]() mutable {
    auto committed = ctx_.store().commit(draft);
    draft = {};  // the secrets zero themselves here, not when the closure goes
    if (committed) ctx_.sync_now();
    ctx_.post([this, committed = std::move(committed)] {
      auto& data = ctx_.data();
      if (!ctx_.on(ScreenId::Submitting)) return;
      const auto when = std::chrono::steady_clock::now();
      if (committed) {
        data.receipt_no = committed->local_receipt_no;
        log::info("submit", "committed submission " + committed->submission_id);
        ctx_.go(ScreenId::Receipt, when);
        receipt_.print_receipt();
      } else if (committed.error().code == store::StoreErrorCode::Uncertain) {
        show_uncertain_commit(data.submission_id, committed.error().message, when);
      } else {
        log::error("submit", "commit failed: " + committed.error().message);
        data.submit_failed = true;
        ctx_.go(ScreenId::Form, when);
      }
    });
  });
}

void ReviewController::show_uncertain_commit(std::string submission_id, const std::string& why, SteadyTime now) {
  // The submission may still reach the platform, so the citizen must not hand it in again: the
  // session is wiped first, which leaves no way back to the submit button, and the notice says to
  // ask staff, where, and which case (by value: wiping the session wipes its copy of the id).
  log::error("submit", "commit outcome uncertain, submission " + submission_id +
                           " may still be delivered; check `kioskctl outbox list` before the citizen applies again: " + why);
  ctx_.session().wipe_data();
  // The reference staff read out from the screen: the start of the id, enough to find the log line.
  ctx_.data().notice = Notice{Str::SubmitUncertainTitle, Str::SubmitUncertainBody, false, true, submission_id.substr(0, 8)};
  ctx_.go(ScreenId::Notice, now);
}

}  // namespace ow
