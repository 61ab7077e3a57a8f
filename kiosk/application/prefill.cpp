// ApplicationController, form pre-fill from the platform: when a card or a QR login identified the citizen, the
// chosen matter's form has platform.* fields and the kiosk is online, the platform is asked what it
// knows (phone, addresses, bank account) on the identity worker. The citizen types meanwhile; a
// late answer fills only the fields not touched yet, and any failure just leaves the form as it is.
#include <algorithm>

#include "drivers/idcard/id_number.hpp"
#include "kiosk/application/application_controller.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
constexpr std::string_view kPlatformPrefix = "platform.";

// The platform field names the form asks for, once each, in form order.
std::vector<std::string> platform_fields_of(const catalog::Matter& matter) {
  std::vector<std::string> names;
  for (const auto& f : matter.fields) {
    if (f.prefill.rfind(kPlatformPrefix, 0) != 0) continue;
    std::string name = f.prefill.substr(kPlatformPrefix.size());
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  return names;
}
}  // namespace

void ApplicationController::request_platform_prefill(const catalog::Matter& matter) {
  auto& d = ctx_.data();
  d.platform_fields.clear();
  d.touched_fields.clear();
  d.profile_request = 0;
  if (!ctx_.config().prefill.enabled || ctx_.config().platform.url.empty() || !d.has_verified_person() ||
      !drivers::idcard::id_number_valid(d.identity->id_number.view()))
    return;
  auto names = platform_fields_of(matter);
  if (names.empty()) return;
  if (!ctx_.sync_status().online) {
    log::info("prefill", "profile prefill: offline, not asked");
    return;
  }
  d.profile_request = ++profile_requests_;
  auto endpoint = sync_config(ctx_.config()).platform;
  endpoint.request_timeout = std::chrono::seconds(ctx_.config().prefill.timeout_s);
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, endpoint.request_timeout);
  ctx_.identity_worker().post([this, endpoint, kiosk = ctx_.config().kiosk_id, id_number = d.identity->id_number.clone(),
                         names = std::move(names), request = d.profile_request]() mutable {
    auto result = fetch_applicant_profile(endpoint, kiosk, id_number.view(), names);
    // A failure is logged by the fetch; the form stays as the citizen fills it.
    std::optional<ApplicantProfile> profile;
    if (result) profile = std::move(*result);
    ctx_.post([this, profile = std::move(profile), request]() mutable { apply_platform_prefill(request, std::move(profile)); });
  });
}

void ApplicationController::apply_platform_prefill(std::uint64_t request, std::optional<ApplicantProfile> profile) {
  auto& d = ctx_.data();
  const catalog::Matter* m = current_matter();
  const bool starting = d.profile_request == request && d.awaiting_profile && ctx_.on(ScreenId::Detail);
  if (d.profile_request == request) d.awaiting_profile.reset();
  // The citizen left the form (or the session, or started another application) before the answer came.
  if (!m || d.profile_request != request || (!starting && !ctx_.on(ScreenId::Form) && !ctx_.on(ScreenId::FaceConsent))) {
    log::info("prefill", "profile prefill: the answer came after the form was left");
    return;
  }
  if (profile) fill_from_profile(*m, *profile);
  if (starting) open_form(ctx_.update_time());
}

void ApplicationController::fill_from_profile(const catalog::Matter& matter, const ApplicantProfile& profile) {
  auto& d = ctx_.data();
  int filled = 0;
  for (const auto& f : matter.fields) {
    if (f.prefill.rfind(kPlatformPrefix, 0) != 0 || d.card_fields.count(f.key) || d.touched_fields.count(f.key)) continue;
    const auto it = profile.fields.find(f.prefill.substr(kPlatformPrefix.size()));
    if (it == profile.fields.end()) continue;
    // A choice the form does not offer cannot be shown as chosen: the citizen picks it.
    const bool choice = f.type == catalog::FieldType::Select || f.type == catalog::FieldType::Bool;
    if (choice && std::find(f.options.begin(), f.options.end(), it->second) == f.options.end()) continue;
    if (f.type == catalog::FieldType::Signature) continue;
    d.form[f.key] = it->second.clone();
    d.platform_fields.insert(f.key);
    // Checked like a value the citizen typed in full: a wrong one is told at once, to be corrected.
    if (auto err = check_field(f, it->second.view())) d.field_errors[f.key] = *err;
    else d.field_errors.erase(f.key);
    ++filled;
  }
  log::info("prefill", "profile prefill: " + std::to_string(filled) + (filled == 1 ? " field" : " fields"));
}

}  // namespace ow
