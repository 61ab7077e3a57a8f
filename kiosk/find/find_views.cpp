// The find screens' view models, and the checklist printed from the detail.
#include <algorithm>

#include "kiosk/application/identity_gate.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/find/find_controller.hpp"
#include "kiosk/receipt/printing.hpp"

namespace ow {

namespace {
bool for_audience(const std::vector<catalog::Audience>& audience, catalog::Audience a) {
  // A matter that names no audience is for everyone.
  return audience.empty() || std::find(audience.begin(), audience.end(), a) != audience.end();
}
}  // namespace

HomeView FindController::home_view() const {
  const auto& d = ctx_.data();
  HomeView v;
  v.audience = d.home_audience;
  v.category = d.home_category;
  v.bundle_list = v.category == kBundleCategory;
  for (const auto& c : ctx_.catalog().categories()) {
    if (c == kBundleCategory) continue;
    const bool has = std::any_of(ctx_.catalog().matters.begin(), ctx_.catalog().matters.end(), [&](const catalog::Matter& m) {
      return m.self_service && for_audience(m.audience, v.audience) &&
             std::find(m.categories.begin(), m.categories.end(), c) != m.categories.end();
    });
    if (has) v.categories.push_back(c);
  }
  std::vector<const catalog::Matter*> frequent;
  for (const auto& m : ctx_.catalog().matters)
    if (m.frequent > 0 && m.self_service && for_audience(m.audience, v.audience)) frequent.push_back(&m);
  std::stable_sort(frequent.begin(), frequent.end(), [](const auto* a, const auto* b) { return a->frequent < b->frequent; });
  for (const auto* m : frequent) v.frequent.push_back({m->code, m->short_name, m->department.name});
  for (const auto& b : ctx_.catalog().bundles)
    if (for_audience(b.audience, v.audience)) v.bundles.push_back({b.code, b.short_name.empty() ? b.name : b.short_name, b.description});
  if (!v.category.empty())
    for (const auto& m : ctx_.catalog().matters)
      if (m.self_service && for_audience(m.audience, v.audience) &&
          std::find(m.categories.begin(), m.categories.end(), v.category) != m.categories.end())
        v.matters.push_back({m.code, m.name, m.department.name});
  return v;
}

namespace {
// What the citizen need not bring, and why: the ID card already read, or an electronic licence the
// platform fetches.
void mark_skip(DetailMaterial& dm, const catalog::Material& mat, bool card_read) {
  if (mat.licence_type.empty()) return;
  if (card_read && mat.licence_type == catalog::kIdCardLicence) dm.skip = Str::DetailSkipCard;
  else if (mat.source == catalog::MaterialSource::LicenceLibrary) dm.skip = Str::DetailSkipLicence;
  if (dm.skip) dm.skip_detail = mat.licence_type;
}

DetailMaterial detail_material(const catalog::Material& mat, bool card_read) {
  DetailMaterial dm;
  dm.name = mat.name;
  dm.note = mat.note;
  dm.necessity = mat.necessity;
  dm.form = mat.form;
  dm.copies = mat.copies;
  mark_skip(dm, mat, card_read);
  return dm;
}
}  // namespace

DetailView FindController::detail_view() const {
  const auto& d = ctx_.data();
  DetailView v;
  v.print = d.checklist_print;
  v.print_failure = d.checklist_failure;
  v.starting = d.awaiting_profile.has_value();
  const bool card_read = d.identity && d.identity->source == IdentitySource::IdCard;
  auto add_delivery = [&v](const catalog::Matter& m) {
    for (catalog::Delivery x : m.result.delivery)
      if (std::find(v.delivery.begin(), v.delivery.end(), x) == v.delivery.end()) v.delivery.push_back(x);
  };
  if (!d.detail_bundle) {
    const catalog::Matter* m = ctx_.catalog().find(d.detail_code);
    if (!m) return v;
    v.name = m->name;
    v.conditions = m->conditions;
    v.department = m->department.name;
    v.fee = m->fee;
    v.result_name = m->result.name;
    v.promised = m->promised_limit;
    v.instant = m->instant_approval;
    v.self_service = m->self_service;
    add_delivery(*m);
    for (const auto& mat : m->materials) v.materials.push_back(detail_material(mat, card_read));
    set_identity(v, *m);
    return v;
  }
  const catalog::Bundle* b = ctx_.catalog().find_bundle(d.detail_code);
  if (!b) return v;
  auto merged = catalog::merge_bundle(ctx_.catalog(), *b);
  if (!merged) return v;
  v.bundle = true;
  v.name = b->name;
  v.conditions = b->description;
  v.promised = catalog::TimeLimit{b->promised_days, catalog::TimeUnit::WorkingDay};
  v.instant = !merged->steps.empty();
  for (const catalog::Matter* step : merged->steps) {
    v.steps.push_back(step->name);
    add_delivery(*step);
    v.instant = v.instant && step->instant_approval;
    v.self_service = v.self_service && step->self_service;
    // The separators are the language's own: an English table has no 、；： in it.
    if (!step->fee.empty()) v.fee += (v.fee.empty() ? "" : tr(Str::SepClause)) + step->name + tr(Str::SepLabel) + step->fee;
    if (!step->result.name.empty()) v.result_name += (v.result_name.empty() ? "" : tr(Str::SepList)) + step->result.name;
  }
  for (const auto& mm : merged->materials) {
    DetailMaterial dm = detail_material(mm.material, card_read);
    if (!mm.produced_by.empty()) {
      dm.skip = Str::DetailSkipProduced;
      const catalog::Matter* by = ctx_.catalog().find(mm.produced_by);
      dm.skip_detail = by ? by->name : mm.produced_by;
    }
    v.materials.push_back(std::move(dm));
  }
  set_identity(v, catalog::bundle_as_matter(*merged));
  return v;
}

void FindController::set_identity(DetailView& v, const catalog::Matter& m) const {
  const IdentityGap gap = identity_gap(m, ctx_.data(), ctx_.sync_status().online);
  v.identity_note = identity_gap_message(gap);
  v.identity_blocks = blocks_start(gap);
}

void FindController::print_checklist() {
  auto& d = ctx_.data();
  d.checklist_print = PrintState::Unavailable;
  if (!printing_.available()) return;
  const DetailView v = detail_view();
  receipt::ChecklistContent c;
  c.hall_name = ctx_.config().hall_name;
  c.matter_name = v.name;
  for (const auto& m : v.materials) {
    if (m.necessity == catalog::Necessity::Optional && !m.skip) continue;
    receipt::ChecklistItem item;
    item.material = m.name;
    item.original = m.form == catalog::MaterialForm::Original;
    item.copies = m.form == catalog::MaterialForm::Copy ? m.copies : 0;
    if (m.skip) item.note = trf(*m.skip, m.skip_detail);
    else if (m.necessity == catalog::Necessity::Deferrable) item.note = tr(Str::DetailDeferrable);
    else item.note = m.note;
    c.items.push_back(std::move(item));
  }
  c.printed_at = std::chrono::system_clock::now();
  c.hotline = ctx_.config().printer.hotline;
  d.checklist_print = PrintState::Printing;
  printing_.print(receipt::layout_checklist(c, ctx_.session().language()), "checklist", [this](const drivers::printer::JobResult& r) {
    using drivers::printer::JobFailure;
    const Str failure = r.failure == JobFailure::PaperOut    ? Str::ChecklistFailedPaper
                        : r.failure == JobFailure::CoverOpen ? Str::ChecklistFailedCover
                                                             : Str::ChecklistFailedOther;
    ctx_.post([this, ok = r.ok(), failure] {
      auto& data = ctx_.data();
      if (data.checklist_print != PrintState::Printing) return;
      data.checklist_print = ok ? PrintState::Printed : PrintState::Failed;
      data.checklist_failure = failure;
    });
  });
}

}  // namespace ow
