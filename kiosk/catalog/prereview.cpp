#include "kiosk/catalog/prereview.hpp"

#include <algorithm>

#include "kiosk/catalog/jsonlogic.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/secret_json.hpp"

namespace ow::catalog {

namespace {
using nlohmann::json;

// The values go into the document as moved temporaries, and the document zeroes them (SecretJson).
SecretJson rule_data(const Application& app) {
  SecretJson data(json::object());
  json& form = (*data)["form"] = json::object();
  for (const auto& [k, v] : app.form) form[k] = v.str();
  const Applicant& a = app.applicant;
  json& applicant = (*data)["applicant"] = json::object();
  applicant["name"] = a.name.str();
  applicant["id_number"] = a.id_number.str();
  applicant["sex"] = a.sex.str();
  applicant["nation"] = a.nation.str();
  applicant["birth_date"] = a.birth_date.str();
  applicant["address"] = a.address.str();
  (*data)["today"] = app.today;
  return data;
}

class Reviewer {
 public:
  explicit Reviewer(const Application& app) : app_(app), data_(rule_data(app)), ctx_{app.today} {}

  void field(const FormField& f, const std::string& matter) {
    auto it = app_.form.find(f.key);
    const std::string_view value = it == app_.form.end() ? std::string_view() : it->second.view();
    if (auto err = check_field(f, value)) {
      add({*err == Str::FormMissing ? ProblemKind::MissingField : ProblemKind::InvalidValue, matter, f.key, {}, *err, {}});
      return;
    }
    if (value.empty() || !f.validation) return;
    SecretJson d(*data_);
    (*d)["value"] = value;
    rule(*f.validation, *d, Problem{ProblemKind::InvalidValue, matter, f.key, {}, std::nullopt, f.validation->message});
  }

  void eligibility(const Matter& m) {
    for (const auto& r : m.eligibility)
      rule(r, *data_, Problem{ProblemKind::EligibilityUnmet, m.code, {}, {}, std::nullopt, r.message});
  }

  void material(const Material& mat, const std::string& matter) {
    if (mat.capture == Capture::None) return;  // not something the kiosk captures: checked at the window
    if (mat.when) {
      auto applies = jsonlogic::apply(*mat.when, *data_, ctx_);
      if (!applies) {
        add({ProblemKind::RuleBroken, matter, {}, mat.code, std::nullopt, applies.error().message});
        return;
      }
      if (!jsonlogic::truthy(*applies)) return;
    }
    auto it = app_.materials.find(mat.code);
    const bool licence = it != app_.materials.end() && it->second.from_licence_library && !mat.licence_type.empty();
    if (licence) return;
    if (it == app_.materials.end() || it->second.pages == 0) {
      if (mat.necessity == Necessity::Optional) return;
      if (!mat.promise.empty() && it != app_.materials.end() && it->second.promised) {
        result_.promised_materials.push_back(mat.code);
        return;
      }
      const bool deferrable = mat.necessity == Necessity::Deferrable;
      if (deferrable && it != app_.materials.end() && it->second.deferred) {
        result_.deferred_materials.push_back(mat.code);
        return;
      }
      if (deferrable) add({ProblemKind::MaterialMissing, matter, {}, mat.code, std::nullopt, mat.commitment, false});
      else add({ProblemKind::MaterialMissing, matter, {}, mat.code, missing_text(mat), {}});
      return;
    }
    const CapturedMaterial& c = it->second;
    if (c.pages < mat.min_pages)
      add({ProblemKind::ReviewPointFailed, matter, {}, mat.code, Str::PrereviewTooFewPages, mat.name});
    const json d = {{"pages", c.pages}, {"sharpness", c.sharpness}, {"brightness", c.brightness}};
    for (const auto& r : mat.review_points)
      rule(r, d, Problem{ProblemKind::ReviewPointFailed, matter, {}, mat.code, std::nullopt, r.message});
  }

  // What to do about a required material not handed in: photograph it, or the way around that.
  Str missing_text(const Material& mat) const {
    if (!mat.promise.empty()) return Str::PrereviewMaterialMissingPromise;
    if (mat.licence_type.empty()) return Str::PrereviewMaterialMissing;
    if (app_.id_card_read && mat.licence_type == kIdCardLicence) return Str::PrereviewMaterialFromCard;
    return Str::PrereviewMaterialMissingLicence;
  }

  PrereviewResult finish(bool all_instant) {
    result_.passed = result_.blocking_count() == 0;
    result_.instant_approval = all_instant && result_.problems.empty() && result_.deferred_materials.empty();
    return std::move(result_);
  }

 private:
  void rule(const Rule& r, const json& data, Problem if_false) {
    auto v = jsonlogic::apply(r.logic, data, ctx_);
    if (!v) {
      if_false.kind = ProblemKind::RuleBroken;
      if_false.message = v.error().message;
      add(std::move(if_false));
    } else if (!jsonlogic::truthy(*v)) {
      add(std::move(if_false));
    }
  }
  void add(Problem p) {
    // The same problem raised by two steps of a bundle is told once.
    for (const auto& q : result_.problems)
      if (q.kind == p.kind && q.field == p.field && q.material == p.material && q.message == p.message && q.text == p.text) return;
    result_.problems.push_back(std::move(p));
  }

  const Application& app_;
  SecretJson data_;
  jsonlogic::Context ctx_;
  PrereviewResult result_;
};
}  // namespace

std::size_t PrereviewResult::blocking_count() const {
  return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(), [](const Problem& p) { return p.blocking; }));
}

std::vector<bool> materials_asked(const std::vector<Material>& materials, const Application& app) {
  std::vector<bool> asked(materials.size(), true);
  std::optional<SecretJson> data;
  for (std::size_t i = 0; i < materials.size(); ++i) {
    if (!materials[i].when) continue;
    if (!data) data.emplace(rule_data(app));
    auto v = jsonlogic::apply(*materials[i].when, **data, jsonlogic::Context{app.today});
    asked[i] = !v || jsonlogic::truthy(*v);
  }
  return asked;
}

PrereviewResult prereview(const Matter& matter, const Application& app) {
  Reviewer r(app);
  for (const auto& f : matter.fields) r.field(f, matter.code);
  r.eligibility(matter);
  for (const auto& m : matter.materials) r.material(m, matter.code);
  return r.finish(matter.instant_approval);
}

PrereviewResult prereview(const MergedBundle& bundle, const Application& app) {
  Reviewer r(app);
  for (const auto& f : bundle.fields) r.field(f.field, f.matters.front());
  bool all_instant = !bundle.steps.empty();
  for (const Matter* m : bundle.steps) {
    r.eligibility(*m);
    all_instant = all_instant && m->instant_approval;
  }
  for (const auto& m : bundle.materials)
    if (m.produced_by.empty()) r.material(m.material, m.matters.front());
  return r.finish(all_instant);
}

}  // namespace ow::catalog
