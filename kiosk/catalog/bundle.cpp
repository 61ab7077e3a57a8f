#include "kiosk/catalog/bundle.hpp"

#include <algorithm>

namespace ow::catalog {

namespace {
int strictness(Necessity n) { return n == Necessity::Required ? 2 : n == Necessity::Deferrable ? 1 : 0; }

std::string field_difference(const FormField& a, const FormField& b) {
  if (a.label != b.label) return "label \"" + a.label + "\" vs \"" + b.label + "\"";
  if (a.type != b.type) return "type " + to_string(a.type) + " vs " + to_string(b.type);
  if (a.options != b.options) return "different options";
  if (a.prefill != b.prefill) return "prefill \"" + a.prefill + "\" vs \"" + b.prefill + "\"";
  return {};
}

std::string material_difference(const Material& a, const Material& b) {
  if (a.name != b.name) return "name \"" + a.name + "\" vs \"" + b.name + "\"";
  if (a.form != b.form) return "original/copy/electronic differs";
  return {};
}
}  // namespace

const MergedField* MergedBundle::field(const std::string& key) const {
  for (const auto& f : fields)
    if (f.field.key == key) return &f;
  return nullptr;
}

Result<MergedBundle> merge_bundle(const Catalog& catalog, const Bundle& bundle) {
  MergedBundle out;
  out.bundle = &bundle;
  for (const auto& s : bundle.steps)
    if (!catalog.find(s.matter)) return fail("bundle " + bundle.code + ": step matter " + s.matter + " is not in the catalog");

  // Kahn's algorithm, always taking the earliest listed step that is ready, so the authored order
  // stands wherever "after" allows it.
  std::vector<bool> done(bundle.steps.size(), false);
  for (std::size_t round = 0; round < bundle.steps.size(); ++round) {
    bool progressed = false;
    for (std::size_t i = 0; i < bundle.steps.size() && !progressed; ++i) {
      if (done[i]) continue;
      const bool ready = std::all_of(bundle.steps[i].after.begin(), bundle.steps[i].after.end(), [&](const std::string& a) {
        for (std::size_t k = 0; k < bundle.steps.size(); ++k)
          if (bundle.steps[k].matter == a) return static_cast<bool>(done[k]);
        return true;  // an "after" outside the bundle does not hold the step up
      });
      if (!ready) continue;
      done[i] = true;
      out.steps.push_back(catalog.find(bundle.steps[i].matter));
      progressed = true;
    }
    if (!progressed) return fail("bundle " + bundle.code + ": the steps' \"after\" lists form a cycle");
  }

  for (const Matter* m : out.steps) {
    for (const auto& f : m->fields) {
      auto it = std::find_if(out.fields.begin(), out.fields.end(), [&](const MergedField& x) { return x.field.key == f.key; });
      if (it == out.fields.end()) {
        out.fields.push_back({f, {m->code}});
        continue;
      }
      if (auto diff = field_difference(it->field, f); !diff.empty())
        out.conflicts.push_back({"field", f.key, it->matters.front(), m->code, diff});
      it->field.required = it->field.required || f.required;
      if (!it->field.validation && f.validation) it->field.validation = f.validation;
      it->matters.push_back(m->code);
    }
    for (const auto& mat : m->materials) {
      auto it = std::find_if(out.materials.begin(), out.materials.end(),
                             [&](const MergedMaterial& x) { return x.material.code == mat.code; });
      if (it == out.materials.end()) {
        out.materials.push_back({mat, {m->code}, {}});
        it = out.materials.end() - 1;
      } else {
        if (auto diff = material_difference(it->material, mat); !diff.empty())
          out.conflicts.push_back({"material", mat.code, it->matters.front(), m->code, diff});
        if (strictness(mat.necessity) > strictness(it->material.necessity)) {
          it->material.necessity = mat.necessity;
          it->material.commitment = mat.commitment;
          it->material.deferral = mat.deferral;
          it->material.deferral_until_result = mat.deferral_until_result;
        }
        it->material.min_pages = std::max(it->material.min_pages, mat.min_pages);
        it->material.max_pages = std::max(it->material.max_pages, mat.max_pages);
        for (const auto& r : mat.review_points) it->material.review_points.push_back(r);
        it->matters.push_back(m->code);
      }
    }
  }
  // A material an earlier step issues is not asked of the citizen — unless the producing step (or
  // one before it) needs it too, as 企业变更登记 needs the old licence it replaces: then the citizen
  // brings it once for everyone.
  for (const auto& p : bundle.produces) {
    auto producer = std::find_if(out.steps.begin(), out.steps.end(), [&](const Matter* m) { return m->code == p.by_matter; });
    if (producer == out.steps.end()) continue;  // validate_catalog() reports it
    for (auto& mm : out.materials) {
      if (mm.material.code != p.material) continue;
      const bool all_after = std::all_of(mm.matters.begin(), mm.matters.end(), [&](const std::string& c) {
        return std::find_if(out.steps.begin(), out.steps.end(), [&](const Matter* m) { return m->code == c; }) > producer;
      });
      if (all_after) mm.produced_by = p.by_matter;
    }
  }
  return out;
}

Matter bundle_as_matter(const MergedBundle& merged) {
  Matter m;
  const Bundle& b = *merged.bundle;
  m.code = b.code;
  m.name = b.name;
  m.short_name = b.short_name;
  m.type = "一件事";
  m.audience = b.audience;
  m.region = b.region;
  m.categories = b.categories;
  m.keywords = b.keywords;
  m.category = b.categories.empty() ? std::string() : b.categories.front();
  m.promised_days = b.promised_days;
  m.promised_limit = TimeLimit{b.promised_days, TimeUnit::WorkingDay};
  m.conditions = b.description;
  m.instant_approval = !merged.steps.empty();
  m.identity = IdentityLevel::Typed;  // the most any step needs
  m.source = b.source;
  for (const Matter* step : merged.steps) {
    m.eligibility.insert(m.eligibility.end(), step->eligibility.begin(), step->eligibility.end());
    m.instant_approval = m.instant_approval && step->instant_approval;
    m.self_service = m.self_service && step->self_service;
    m.face_verification = m.face_verification || step->face_verification;
    m.identity = std::max(m.identity, step->identity);
    for (Delivery d : step->result.delivery)
      if (std::find(m.result.delivery.begin(), m.result.delivery.end(), d) == m.result.delivery.end())
        m.result.delivery.push_back(d);
  }
  for (const auto& f : merged.fields) m.fields.push_back(f.field);
  for (const auto& mm : merged.materials)
    if (mm.produced_by.empty()) m.materials.push_back(mm.material);
  return m;
}

}  // namespace ow::catalog
