#pragma once
// Finding what to apply for: the home screen's themes and featured bundles, search as the citizen
// types, the guide's questions, and the one-time notice (一次性告知) of a matter or bundle with its
// printed checklist, up to 开始办理.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/catalog/search.hpp"
#include "kiosk/find/intents.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class ApplicationController;
class Printing;

// Bundles have a category of their own: the home screen shows them apart, not as a theme, and
// choosing it as the theme lists every bundle for the audience.
inline constexpr const char* kBundleCategory = "一件事";

struct MatterItem {
  std::string code, name, department;
};

struct BundleItem {
  std::string code, name, description;
};

struct HomeView {
  catalog::Audience audience = catalog::Audience::Person;
  std::vector<std::string> categories;  // themes with matters for the audience
  std::vector<MatterItem> frequent;     // 常办事项 for the audience, most frequent first, by short name
  std::vector<BundleItem> bundles;      // featured 一件事 for the audience
  std::string category;                 // chosen theme; empty: none yet
  bool bundle_list = false;             // the chosen theme is kBundleCategory: `bundles` is the list
  std::vector<MatterItem> matters;      // the chosen theme's matters
};

struct SearchResult {
  bool bundle = false;
  std::string code, name, matched;
};

struct SearchView {
  SecretString query;  // typed free text
  bool ready = false;  // false while the index is still being built
  std::vector<SearchResult> results;
};

struct GuideView {
  std::vector<std::pair<std::string, std::string>> trees;  // code, title: shown when none is chosen
  std::string title, question;
  std::vector<std::string> options;
  int step = 0;  // 1-based number of the question shown; 0 with the list
};

struct DetailMaterial {
  std::string name, note;
  catalog::Necessity necessity = catalog::Necessity::Required;
  catalog::MaterialForm form = catalog::MaterialForm::Original;
  int copies = 1;
  std::optional<Str> skip;  // why the citizen need not bring it
  std::string skip_detail;  // the licence type or the step that produces it
};

struct DetailView {
  bool bundle = false;
  std::string name, conditions, department, fee, result_name;
  std::vector<std::string> steps;  // a bundle's matters in order
  std::vector<DetailMaterial> materials;
  catalog::TimeLimit promised;
  std::vector<catalog::Delivery> delivery;
  bool instant = false, self_service = true;
  PrintState print = PrintState::None;  // the checklist's
  Str print_failure = Str::ChecklistFailedOther;
  bool starting = false;  // 开始办理 waits for the platform's profile of the citizen
  // What the matter needs of the citizen's identity that the session lacks (kiosk/application/identity_gate),
  // and whether that keeps 开始办理 from starting.
  std::optional<Str> identity_note;
  bool identity_blocks = false;
};

class FindController {
 public:
  FindController(AppContext& ctx, ApplicationController& application, Printing& printing);

  void handle(const intent::ChooseAudience& i, SteadyTime now);
  void handle(const intent::ChooseCategory& i, SteadyTime now);
  void handle(const intent::ChooseMatter& i, SteadyTime now);
  void handle(const intent::ChooseBundle& i, SteadyTime now);
  void handle(const intent::OpenSearch&, SteadyTime now);
  void handle(const intent::SetSearch& i, SteadyTime now);
  void handle(const intent::OpenGuide& i, SteadyTime now);
  void handle(const intent::GuideAnswer& i, SteadyTime now);
  void handle(const intent::StartApplication&, SteadyTime now);
  void handle(const intent::PrintChecklist&, SteadyTime now);
  void handle(const intent::Back&, SteadyTime now);  // on its own screens (screen_flow)

  // Builds the pinyin search index for the catalog being served, on the worker.
  void build_search_index();

  HomeView home_view() const;
  SearchView search_view() const;
  GuideView guide_view() const;
  DetailView detail_view() const;  // find_views.cpp

 private:
  void set_identity(DetailView& v, const catalog::Matter& m) const;
  void open_detail(const std::string& code, bool bundle, SteadyTime now);
  void print_checklist();

  AppContext& ctx_;
  ApplicationController& application_;
  Printing& printing_;
  std::shared_ptr<const catalog::SearchIndex> search_;  // built on the worker; null until ready
  int search_generation_ = 0;  // drops an index built for a catalog that has since been replaced
};

}  // namespace ow
