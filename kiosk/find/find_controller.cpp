#include "kiosk/find/find_controller.hpp"

#include <malloc.h>

#include "kiosk/application/application_controller.hpp"
#include "kiosk/catalog/pinyin.hpp"
#include "kiosk/log.hpp"

namespace ow {

namespace {
bool finding(ScreenId s) { return s == ScreenId::Home || s == ScreenId::Search || s == ScreenId::Guide; }
}  // namespace

FindController::FindController(AppContext& ctx, ApplicationController& application, Printing& printing)
    : ctx_(ctx), application_(application), printing_(printing) {}

void FindController::handle(const intent::ChooseAudience& i, SteadyTime) {
  if (!ctx_.on(ScreenId::Home)) return;
  ctx_.data().home_audience = i.audience;
  ctx_.data().home_category.clear();
}

void FindController::handle(const intent::ChooseCategory& i, SteadyTime) {
  if (ctx_.on(ScreenId::Home)) ctx_.data().home_category = i.name;
}

void FindController::handle(const intent::ChooseMatter& i, SteadyTime now) {
  if (finding(ctx_.screen()) && ctx_.catalog().find(i.code)) open_detail(i.code, false, now);
}

void FindController::handle(const intent::ChooseBundle& i, SteadyTime now) {
  if (finding(ctx_.screen()) && ctx_.catalog().find_bundle(i.code)) open_detail(i.code, true, now);
}

void FindController::open_detail(const std::string& code, bool bundle, SteadyTime now) {
  auto& d = ctx_.data();
  d.detail_code = code;
  d.detail_bundle = bundle;
  d.detail_from = ctx_.screen();
  d.checklist_print = PrintState::None;
  ctx_.go(ScreenId::Detail, now);
}

void FindController::handle(const intent::OpenSearch&, SteadyTime now) {
  if (ctx_.on(ScreenId::Home)) ctx_.go(ScreenId::Search, now);
}

void FindController::handle(const intent::SetSearch& i, SteadyTime) {
  if (!ctx_.on(ScreenId::Search)) return;
  ctx_.data().search_query = i.text.view().substr(0, 100);
}

void FindController::handle(const intent::OpenGuide& i, SteadyTime now) {
  if (!ctx_.on(ScreenId::Home) && !ctx_.on(ScreenId::Guide)) return;
  auto& d = ctx_.data();
  const auto& guides = ctx_.catalog().guides;
  const catalog::GuideTree* tree = i.code.empty() ? nullptr : ctx_.catalog().find_guide(i.code);
  d.guide_code = tree ? tree->code : std::string();
  d.guide_path.clear();
  if (tree) d.guide_path.push_back(tree->root);
  // With a single guide there is nothing to choose: start at its first question.
  if (!tree && guides.size() == 1) {
    d.guide_code = guides.front().code;
    d.guide_path.push_back(guides.front().root);
  }
  ctx_.go(ScreenId::Guide, now);
}

void FindController::handle(const intent::GuideAnswer& i, SteadyTime now) {
  auto& d = ctx_.data();
  const catalog::GuideTree* tree = ctx_.catalog().find_guide(d.guide_code);
  if (!ctx_.on(ScreenId::Guide) || !tree || d.guide_path.empty()) return;
  const catalog::GuideNode* node = tree->node(d.guide_path.back());
  if (!node || i.option >= node->options.size()) return;
  const catalog::GuideOption& opt = node->options[i.option];
  if (!opt.next.empty() && tree->node(opt.next)) d.guide_path.push_back(opt.next);
  else if (!opt.matter.empty()) handle(intent::ChooseMatter{opt.matter}, now);
  else if (!opt.bundle.empty()) handle(intent::ChooseBundle{opt.bundle}, now);
}

void FindController::handle(const intent::StartApplication&, SteadyTime now) {
  const auto& d = ctx_.data();
  if (ctx_.on(ScreenId::Detail) && !d.awaiting_profile) application_.start(d.detail_code, d.detail_bundle, now);
}

void FindController::handle(const intent::PrintChecklist&, SteadyTime) {
  if (ctx_.on(ScreenId::Detail) && ctx_.data().checklist_print != PrintState::Printing) print_checklist();
}

void FindController::handle(const intent::Back&, SteadyTime now) {
  auto& d = ctx_.data();
  switch (ctx_.screen()) {
    case ScreenId::Home:
      if (!d.home_category.empty()) d.home_category.clear();
      else ctx_.go(ScreenId::Consent, now);
      break;
    case ScreenId::Search: ctx_.go(ScreenId::Home, now); break;
    case ScreenId::Guide:
      // One question back; from the first, back to the list of guides (or home when there is one).
      if (d.guide_path.size() > 1) d.guide_path.pop_back();
      else if (!d.guide_code.empty() && ctx_.catalog().guides.size() > 1) {
        d.guide_code.clear();
        d.guide_path.clear();
      } else ctx_.go(ScreenId::Home, now);
      break;
    case ScreenId::Detail: ctx_.go(d.detail_from, now); break;
    default: break;
  }
}

void FindController::build_search_index() {
  const int generation = ++search_generation_;
  search_.reset();
  auto snapshot = std::make_shared<const catalog::Catalog>(ctx_.catalog());
  // Reading the pinyin dictionary takes a while: it happens on the worker, never on the UI thread.
  ctx_.worker().post([this, snapshot, generation] {
    [&] {
      auto dict = catalog::PinyinDict::load();
      auto t2s = catalog::ChineseConverter::open("t2s.json");
      if (!dict || !t2s) {
        log::warn("search", "no pinyin search: " + (dict ? t2s.error().message : dict.error().message));
        return;
      }
      auto index = std::make_shared<const catalog::SearchIndex>(*snapshot, *dict,
                                                                std::make_shared<catalog::ChineseConverter>(std::move(*t2s)));
      log::info("search", std::to_string(index->entries()) + " entries indexed");
      ctx_.post([this, index, generation] {
        if (generation == search_generation_) search_ = index;
      });
    }();
    // The dictionary is freed now, but glibc keeps its pages in the worker's arena: ~13 MiB of the
    // idle kiosk's PSS (measured with malloc_trim called from gdb, issue 25). Give them back.
    ::malloc_trim(0);
  });
}

SearchView FindController::search_view() const {
  SearchView v;
  v.query = ctx_.data().search_query.clone();
  v.ready = search_ != nullptr;
  if (!search_ || v.query.empty()) return v;
  catalog::SearchFilters f;
  f.self_service_only = true;
  f.limit = 12;
  for (const auto& hit : search_->search(v.query.view(), f))
    v.results.push_back({hit.kind == catalog::EntryKind::Bundle, hit.code, hit.name, hit.matched});
  return v;
}

GuideView FindController::guide_view() const {
  const auto& d = ctx_.data();
  GuideView v;
  const catalog::GuideTree* tree = ctx_.catalog().find_guide(d.guide_code);
  if (!tree || d.guide_path.empty()) {
    for (const auto& g : ctx_.catalog().guides) v.trees.emplace_back(g.code, g.title);
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

}  // namespace ow
