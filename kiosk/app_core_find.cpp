// AppCore, finding what to apply for: the home screen's themes and featured bundles, search as the
// citizen types, the guide's questions, and the one-time notice (一次性告知) of a matter or bundle
// with its printed checklist, up to 开始办理.
#include <algorithm>

#include "kiosk/app_core.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/log.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
bool for_audience(const std::vector<catalog::Audience>& audience, catalog::Audience a) {
  // A matter that names no audience is for everyone.
  return audience.empty() || std::find(audience.begin(), audience.end(), a) != audience.end();
}

// Bundles have a category of their own ("一件事"): the home screen shows them apart, not as a theme.
constexpr const char* kBundleCategory = "一件事";

bool finding(ScreenId s) { return s == ScreenId::Home || s == ScreenId::Search || s == ScreenId::Guide; }
}  // namespace

const catalog::Matter* AppCore::current_matter() const {
  const auto& d = session_.data();
  if (!d.bundle_code.empty()) return bundle_matter_ && bundle_matter_->code == d.bundle_code ? &*bundle_matter_ : nullptr;
  return catalog_.find(d.matter_code);
}

void AppCore::dispatch_find(const Intent& intent, SteadyTime now) {
  auto& d = session_.data();
  if (const auto* a = std::get_if<intent::ChooseAudience>(&intent)) {
    if (screen() != ScreenId::Home) return;
    d.home_audience = a->audience;
    d.home_category.clear();
  } else if (const auto* c = std::get_if<intent::ChooseCategory>(&intent)) {
    if (screen() == ScreenId::Home) d.home_category = c->name;
  } else if (const auto* m = std::get_if<intent::ChooseMatter>(&intent)) {
    if (!finding(screen()) || !catalog_.find(m->code)) return;
    d.detail_code = m->code;
    d.detail_bundle = false;
    d.detail_from = screen();
    d.checklist_print = PrintState::None;
    session_.go(ScreenId::Detail, now);
  } else if (const auto* b = std::get_if<intent::ChooseBundle>(&intent)) {
    if (!finding(screen()) || !catalog_.find_bundle(b->code)) return;
    d.detail_code = b->code;
    d.detail_bundle = true;
    d.detail_from = screen();
    d.checklist_print = PrintState::None;
    session_.go(ScreenId::Detail, now);
  } else if (std::holds_alternative<intent::OpenSearch>(intent)) {
    if (screen() == ScreenId::Home) session_.go(ScreenId::Search, now);
  } else if (const auto* q = std::get_if<intent::SetSearch>(&intent)) {
    if (screen() != ScreenId::Search) return;
    wipe(d.search_query);
    d.search_query = q->text.substr(0, 100);
  } else if (const auto* g = std::get_if<intent::OpenGuide>(&intent)) {
    if (screen() != ScreenId::Home && screen() != ScreenId::Guide) return;
    const catalog::GuideTree* tree = g->code.empty() ? nullptr : catalog_.find_guide(g->code);
    d.guide_code = tree ? tree->code : std::string();
    d.guide_path.clear();
    if (tree) d.guide_path.push_back(tree->root);
    // With a single guide there is nothing to choose: start at its first question.
    if (!tree && catalog_.guides.size() == 1) {
      d.guide_code = catalog_.guides.front().code;
      d.guide_path.push_back(catalog_.guides.front().root);
    }
    session_.go(ScreenId::Guide, now);
  } else if (const auto* ans = std::get_if<intent::GuideAnswer>(&intent)) {
    const catalog::GuideTree* tree = catalog_.find_guide(d.guide_code);
    if (screen() != ScreenId::Guide || !tree || d.guide_path.empty()) return;
    const catalog::GuideNode* node = tree->node(d.guide_path.back());
    if (!node || ans->option >= node->options.size()) return;
    const catalog::GuideOption& opt = node->options[ans->option];
    if (!opt.next.empty() && tree->node(opt.next)) d.guide_path.push_back(opt.next);
    else if (!opt.matter.empty()) dispatch_find(intent::ChooseMatter{opt.matter}, now);
    else if (!opt.bundle.empty()) dispatch_find(intent::ChooseBundle{opt.bundle}, now);
  } else if (std::holds_alternative<intent::StartApplication>(intent)) {
    if (screen() == ScreenId::Detail) start_application(now);
  } else if (std::holds_alternative<intent::PrintChecklist>(intent)) {
    if (screen() == ScreenId::Detail && d.checklist_print != PrintState::Printing) print_checklist();
  }
}

bool AppCore::back_find(SteadyTime now) {
  auto& d = session_.data();
  switch (screen()) {
    case ScreenId::Home:
      if (!d.home_category.empty()) d.home_category.clear();
      else session_.go(ScreenId::Consent, now);
      return true;
    case ScreenId::Search: session_.go(ScreenId::Home, now); return true;
    case ScreenId::Guide:
      // One question back; from the first, back to the list of guides (or home when there is one).
      if (d.guide_path.size() > 1) d.guide_path.pop_back();
      else if (!d.guide_code.empty() && catalog_.guides.size() > 1) {
        d.guide_code.clear();
        d.guide_path.clear();
      } else session_.go(ScreenId::Home, now);
      return true;
    case ScreenId::Detail: session_.go(d.detail_from, now); return true;
    default: return false;
  }
}

void AppCore::start_application(SteadyTime now) {
  auto& d = session_.data();
  const catalog::Matter* m = nullptr;
  if (d.detail_bundle) {
    const catalog::Bundle* b = catalog_.find_bundle(d.detail_code);
    if (!b) return;
    auto merged = catalog::merge_bundle(catalog_, *b);
    if (!merged) {
      log::error("catalog", merged.error().message);
      return;
    }
    bundle_matter_ = catalog::bundle_as_matter(*merged);
    bundle_merged_ = std::move(*merged);
    d.bundle_code = b->code;
    d.matter_code.clear();
    m = &*bundle_matter_;
  } else {
    m = catalog_.find(d.detail_code);
    if (!m) return;
    d.bundle_code.clear();
    d.matter_code = m->code;
  }
  // A new application starts clean: nothing typed or captured for another one carries over.
  for (auto& [key, value] : d.form) wipe(value);
  d.form.clear();
  for (auto& [code, mc] : d.materials) wipe_pages(mc);
  d.materials.clear();
  capture::wipe_face_photo(d.face_photo);
  d.prereview.reset();
  d.field_errors.clear();
  d.submit_failed = false;
  prefill_from_card(*m);
  request_platform_prefill(*m);
  d.delivery = DeliveryChoice{};
  if (!m->result.delivery.empty()) d.delivery.method = m->result.delivery.front();
  // A matter that checks the face asks for that separately, before anything is typed.
  if (!m->face_verification) session_.go(ScreenId::Form, now);
  else if (!d.face_consent) session_.go(ScreenId::FaceConsent, now);
  else enter_face_capture(now, false);  // agreed once in this session: straight to the photo
}

void AppCore::build_search_index() {
  const int generation = ++search_generation_;
  search_.reset();
  auto snapshot = std::make_shared<const catalog::Catalog>(catalog_);
  // Reading the pinyin dictionary takes a while: it happens on the worker, never on the UI thread.
  worker_.post([this, snapshot, generation] {
    auto dict = catalog::PinyinDict::load();
    auto t2s = catalog::ChineseConverter::open("t2s.json");
    if (!dict || !t2s) {
      log::warn("search", "no pinyin search: " + (dict ? t2s.error().message : dict.error().message));
      return;
    }
    auto index = std::make_shared<const catalog::SearchIndex>(*snapshot, *dict,
                                                              std::make_shared<catalog::ChineseConverter>(std::move(*t2s)));
    log::info("search", std::to_string(index->entries()) + " entries indexed");
    complete([index, generation](AppCore& core) {
      if (generation == core.search_generation_) core.search_ = index;
    });
  });
}

HomeView AppCore::home_view() const {
  const auto& d = session_.data();
  HomeView v;
  v.audience = d.home_audience;
  v.category = d.home_category;
  for (const auto& c : catalog_.categories()) {
    if (c == kBundleCategory) continue;
    const bool has = std::any_of(catalog_.matters.begin(), catalog_.matters.end(), [&](const catalog::Matter& m) {
      return m.self_service && for_audience(m.audience, v.audience) &&
             std::find(m.categories.begin(), m.categories.end(), c) != m.categories.end();
    });
    if (has) v.categories.push_back(c);
  }
  for (const auto& b : catalog_.bundles)
    if (for_audience(b.audience, v.audience)) v.bundles.push_back({b.code, b.short_name.empty() ? b.name : b.short_name, b.description});
  if (!v.category.empty())
    for (const auto& m : catalog_.matters)
      if (m.self_service && for_audience(m.audience, v.audience) &&
          std::find(m.categories.begin(), m.categories.end(), v.category) != m.categories.end())
        v.matters.push_back({m.code, m.name, m.department.name});
  return v;
}

SearchView AppCore::search_view() const {
  SearchView v;
  v.query = session_.data().search_query;
  v.ready = search_ != nullptr;
  if (!search_ || v.query.empty()) return v;
  catalog::SearchFilters f;
  f.self_service_only = true;
  f.limit = 12;
  for (const auto& hit : search_->search(v.query, f))
    v.results.push_back({hit.kind == catalog::EntryKind::Bundle, hit.code, hit.name, hit.matched});
  return v;
}

GuideView AppCore::guide_view() const {
  const auto& d = session_.data();
  GuideView v;
  const catalog::GuideTree* tree = catalog_.find_guide(d.guide_code);
  if (!tree || d.guide_path.empty()) {
    for (const auto& g : catalog_.guides) v.trees.emplace_back(g.code, g.title);
    return v;
  }
  v.title = tree->title;
  v.step = static_cast<int>(d.guide_path.size());
  if (const catalog::GuideNode* node = tree->node(d.guide_path.back())) {
    v.question = node->question;
    for (const auto& o : node->options) v.options.push_back(o.label);
  }
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

DetailView AppCore::detail_view() const {
  const auto& d = session_.data();
  DetailView v;
  v.print = d.checklist_print;
  v.print_failure = d.checklist_failure;
  const bool card_read = d.identity && d.identity->source == IdentitySource::IdCard;
  auto add_delivery = [&v](const catalog::Matter& m) {
    for (catalog::Delivery x : m.result.delivery)
      if (std::find(v.delivery.begin(), v.delivery.end(), x) == v.delivery.end()) v.delivery.push_back(x);
  };
  if (!d.detail_bundle) {
    const catalog::Matter* m = catalog_.find(d.detail_code);
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
    return v;
  }
  const catalog::Bundle* b = catalog_.find_bundle(d.detail_code);
  if (!b) return v;
  auto merged = catalog::merge_bundle(catalog_, *b);
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
      const catalog::Matter* by = catalog_.find(mm.produced_by);
      dm.skip_detail = by ? by->name : mm.produced_by;
    }
    v.materials.push_back(std::move(dm));
  }
  return v;
}

void AppCore::print_checklist() {
  auto& d = session_.data();
  d.checklist_print = PrintState::Unavailable;
  if (!printer_ || !receipt_font_) return;
  const DetailView v = detail_view();
  receipt::ChecklistContent c;
  c.hall_name = config_.hall_name;
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
  c.hotline = config_.printer.hotline;
  d.checklist_print = PrintState::Printing;
  receipt::PaperOptions po;
  po.width_dots = config_.printer.width_dots;
  po.mode = config_.printer.text_mode ? receipt::PrintMode::Text : receipt::PrintMode::Raster;
  const receipt::Layout layout = receipt::layout_checklist(c, language());
  // The checklist holds nothing personal; it is rendered and sent on the worker all the same,
  // so a slow or stuck printer never holds up the screen.
  worker_.post([this, layout, po] {
    auto job = receipt::to_print_job(layout, po, *receipt_font_);
    auto done = [this](bool ok, Str failure) {
      complete([ok, failure](AppCore& core) {
        auto& data = core.session_.data();
        if (data.checklist_print != PrintState::Printing) return;
        data.checklist_print = ok ? PrintState::Printed : PrintState::Failed;
        data.checklist_failure = failure;
      });
    };
    if (!job) {
      log::error("printer", "checklist layout: " + job.error().message);
      done(false, Str::ChecklistFailedOther);
      return;
    }
    printer_->print(std::move(*job), [done](const drivers::printer::JobResult& r) {
      log::info("printer", "checklist job " + std::to_string(r.job_id) + (r.ok() ? " printed" : " failed: " + r.message));
      using drivers::printer::JobFailure;
      done(r.ok(), r.failure == JobFailure::PaperOut    ? Str::ChecklistFailedPaper
                   : r.failure == JobFailure::CoverOpen ? Str::ChecklistFailedCover
                                                        : Str::ChecklistFailedOther);
    });
  });
}

}  // namespace ow
