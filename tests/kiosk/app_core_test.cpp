// The session flow through AppCore's intents: consent first, card data pre-fills the form and
// is masked, an expired card falls back to typing, and ending the session leaves nothing behind.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "kiosk/app/app_core.hpp"
#include "tests/kiosk/app_core_fixture.hpp"

using namespace ow;

namespace {
constexpr const char* kPension = "城乡居民基本养老保险参保登记";

// An AppCore whose offline store keeps submissions `retention_days` days.
struct Fixture : test::AppCoreFixture {
  explicit Fixture(int retention_days = 7)
      : AppCoreFixture("appcore", [&](Config& c) { c.platform.retention_days = retention_days; }) {}
};

const FieldView* field(const FormView& v, const std::string& key) {
  for (const auto& f : v.fields)
    if (f.field->key == key) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("start asks for consent before anything else") {
  Fixture f;
  f.send(intent::Start{});
  CHECK(f.core->screen() == ScreenId::Consent);
  CHECK(f.core->entry().consent_view().masked_id.empty());
  f.send(intent::Agree{});
  CHECK(f.core->screen() == ScreenId::Home);
}

TEST_CASE("a card holder of 60 or more is offered elderly mode before consent, never forced") {
  Fixture f;
  f.send(event::CardRead{test::wang_card()});  // born 1949
  REQUIRE(f.core->screen() == ScreenId::ElderlyOffer);
  CHECK_FALSE(f.core->elderly());
  f.send(intent::Agree{});  // consent is not given on the offer
  CHECK(f.core->screen() == ScreenId::ElderlyOffer);
  f.send(intent::ElderlyOfferAnswer{true});
  CHECK(f.core->screen() == ScreenId::Consent);
  CHECK(f.core->elderly());
  f.send(intent::Cancel{});
  f.send(intent::CancelConfirmed{});
  f.send(event::CardRead{test::wang_card()});
  REQUIRE(f.core->screen() == ScreenId::ElderlyOffer);
  f.send(intent::ElderlyOfferAnswer{false});
  CHECK(f.core->screen() == ScreenId::Consent);
  CHECK_FALSE(f.core->elderly());
  f.send(intent::Cancel{});
  // Younger: straight to consent; already in elderly mode: nothing to offer.
  Identity young = test::wang_card();
  young.birth_date = "1990-05-21";
  f.send(event::CardRead{young.clone()});
  CHECK(f.core->screen() == ScreenId::Consent);
  f.send(intent::Cancel{});
  f.send(intent::ToggleElderly{});
  f.send(event::CardRead{test::wang_card()});
  CHECK(f.core->screen() == ScreenId::Consent);
  CHECK(f.core->elderly());
}

TEST_CASE("a card starts a session; its data pre-fills the form, masked and locked") {
  Fixture f;
  f.place_card(test::wang_card());
  REQUIRE(f.core->screen() == ScreenId::Consent);
  CHECK(f.core->entry().consent_view().masked_id == "110105********002X");
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  REQUIRE(f.core->screen() == ScreenId::Form);
  const FormView v = f.core->application().form_view();
  const FieldView* id = field(v, "id_number");
  REQUIRE(id);
  CHECK(id->from_card);
  CHECK(id->value == "110105********002X");
  const FieldView* name = field(v, "name");
  REQUIRE(name);
  CHECK(name->value == "王测试");
  // Card values cannot be overwritten by typing.
  f.send(intent::SetField{"name", "别人"});
  CHECK(field(f.core->application().form_view(), "name")->value == "王测试");
  // A second card while a session runs is ignored.
  Identity other = test::wang_card();
  other.name = "李其他";
  f.send(event::CardRead{other.clone()});
  CHECK(field(f.core->application().form_view(), "name")->value == "王测试");
}

TEST_CASE("an expired card is told, and the citizen may go on by typing") {
  Fixture f;
  f.send(event::CardRead{test::wang_card(true)});
  REQUIRE(f.core->screen() == ScreenId::Notice);
  CHECK(f.core->entry().notice_view().title == Str::CardExpiredTitle);
  CHECK_FALSE(f.core->session().data().identity);
  f.send(intent::ContinueManual{});
  CHECK(f.core->screen() == ScreenId::Consent);
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  CHECK_FALSE(field(f.core->application().form_view(), "name")->from_card);
  CHECK(field(f.core->application().form_view(), "name")->value.empty());
}

TEST_CASE("cancel wipes the session object: no card value, no typed value remains") {
  Fixture f;
  f.start_application(kPension);
  f.send(intent::SetField{"phone", "13800138000"});
  f.send(intent::Cancel{});
  // Cancel asks once; "continue" keeps everything.
  CHECK(f.core->entry().confirming_cancel());
  f.send(intent::CancelDismissed{});
  CHECK(f.core->screen() == ScreenId::Form);
  CHECK(field(f.core->application().form_view(), "phone")->value == "13800138000");
  f.send(intent::Cancel{});
  f.send(intent::CancelConfirmed{});
  CHECK(f.core->screen() == ScreenId::Attract);
  const SessionData& d = f.core->session().data();
  CHECK_FALSE(d.identity);
  CHECK(d.form.empty());
  CHECK(d.card_fields.empty());
  CHECK(f.core->application().form_view().fields.empty());
  CHECK(f.core->entry().consent_view().masked_id.empty());
}

TEST_CASE("a social security card starts a session; name and ID number still come from typing") {
  Fixture f;
  Identity ss;
  ss.source = IdentitySource::SocialSecurityCard;
  ss.sscard_number = "A12345689";
  ss.sscard_region = "370300";
  f.send(event::CardRead{ss.clone()});
  REQUIRE(f.core->screen() == ScreenId::Consent);
  CHECK(f.core->entry().consent_view().masked_id.empty());
  CHECK(f.core->entry().consent_view().masked_sscard == "A******89");
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  CHECK_FALSE(field(f.core->application().form_view(), "name")->from_card);
  CHECK_FALSE(field(f.core->application().form_view(), "id_number")->from_card);
  Identity expired = ss.clone();
  expired.expired = true;
  f.send(intent::Cancel{});
  f.send(intent::CancelConfirmed{});
  f.send(event::CardRead{expired.clone()});
  CHECK(f.core->screen() == ScreenId::Notice);
  CHECK(f.core->entry().notice_view().title == Str::SsCardExpiredTitle);
}

TEST_CASE("consent states how long data is kept, also when it is deleted at once") {
  {
    Fixture f(7);
    CHECK(f.core->entry().consent_view().body.find("7 天") != std::string::npos);
  }
  Fixture f(0);
  const std::string body = f.core->entry().consent_view().body;
  CHECK(body.find("立即删除") != std::string::npos);
  CHECK(body.find("0 天") == std::string::npos);
}

TEST_CASE("home: a theme lists its matters; a matter opens its detail, 开始办理 its form, 返回 goes back step by step") {
  Fixture f;
  f.send(intent::Start{});
  f.send(intent::Agree{});
  const HomeView top = f.core->find().home_view();
  CHECK(std::find(top.categories.begin(), top.categories.end(), "社保") != top.categories.end());
  CHECK(std::find(top.categories.begin(), top.categories.end(), "一件事") == top.categories.end());
  CHECK(std::any_of(top.bundles.begin(), top.bundles.end(), [](const BundleItem& b) { return b.code == "B_NEWBORN"; }));
  f.send(intent::ChooseAudience{catalog::Audience::LegalPerson});
  const HomeView legal = f.core->find().home_view();
  CHECK(std::none_of(legal.bundles.begin(), legal.bundles.end(), [](const BundleItem& b) { return b.code == "B_NEWBORN"; }));
  f.send(intent::ChooseAudience{catalog::Audience::Person});
  f.send(intent::ChooseCategory{"社保"});
  const HomeView theme = f.core->find().home_view();
  REQUIRE(std::any_of(theme.matters.begin(), theme.matters.end(), [](const MatterItem& m) { return m.name == kPension; }));
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  REQUIRE(f.core->screen() == ScreenId::Detail);
  const DetailView d = f.core->find().detail_view();
  CHECK(d.name == kPension);
  CHECK_FALSE(d.materials.empty());
  f.send(intent::StartApplication{});
  CHECK(f.core->screen() == ScreenId::Form);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Detail);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Home);
  CHECK(f.core->find().home_view().category == "社保");
  f.send(intent::Back{});
  CHECK(f.core->find().home_view().category.empty());
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Consent);
}

TEST_CASE("home: 全部一件事 lists every bundle for the audience; one opens its detail, 返回 comes back to the list") {
  Fixture f;
  f.send(intent::Start{});
  f.send(intent::Agree{});
  f.send(intent::ChooseAudience{catalog::Audience::LegalPerson});
  f.send(intent::ChooseCategory{kBundleCategory});
  const HomeView list = f.core->find().home_view();
  CHECK(list.bundle_list);
  CHECK(list.matters.empty());
  std::size_t legal = 0;
  for (const auto& b : f.core->catalog().bundles)
    legal += std::find(b.audience.begin(), b.audience.end(), catalog::Audience::LegalPerson) != b.audience.end();
  CHECK(list.bundles.size() == legal);
  CHECK(std::any_of(list.bundles.begin(), list.bundles.end(), [](const BundleItem& b) { return b.code == "B_COMPANY_CLOSE"; }));
  f.send(intent::ChooseBundle{"B_COMPANY_CLOSE"});
  REQUIRE(f.core->screen() == ScreenId::Detail);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Home);
  CHECK(f.core->find().home_view().bundle_list);
  f.send(intent::Back{});
  CHECK_FALSE(f.core->find().home_view().bundle_list);
}

TEST_CASE("the guide asks one question at a time, goes back one question, and ends at a bundle's detail") {
  Fixture f;
  f.send(intent::Start{});
  f.send(intent::Agree{});
  f.send(intent::OpenGuide{});
  REQUIRE(f.core->screen() == ScreenId::Guide);
  REQUIRE(f.core->find().guide_view().step == 0);
  f.send(intent::OpenGuide{"G_FAMILY"});
  GuideView g = f.core->find().guide_view();
  CHECK(g.step == 1);
  CHECK(g.question == "您现在处于哪个阶段？");
  f.send(intent::GuideAnswer{2});  // 宝宝已经出生
  CHECK(f.core->find().guide_view().step == 2);
  f.send(intent::Back{});
  CHECK(f.core->find().guide_view().question == "您现在处于哪个阶段？");
  f.send(intent::GuideAnswer{2});
  f.send(intent::GuideAnswer{0});  // 一次办好
  REQUIRE(f.core->screen() == ScreenId::Detail);
  CHECK(f.core->find().detail_view().bundle);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Guide);
  CHECK(f.core->find().guide_view().step == 2);
}

TEST_CASE("a bundle runs as one application: merged form, produced materials left out, one draft with bundle_code") {
  Fixture f;
  f.place_card(test::wang_card());
  f.send(intent::Agree{});
  f.send(intent::ChooseBundle{"B_NEWBORN"});
  REQUIRE(f.core->screen() == ScreenId::Detail);
  const DetailView d = f.core->find().detail_view();
  CHECK(d.bundle);
  CHECK(d.steps.size() == 5);
  bool produced = false, card_skip = false;
  for (const auto& m : d.materials) {
    produced = produced || (m.name == "出生医学证明" && m.skip == Str::DetailSkipProduced);
    card_skip = card_skip || (m.name == "居民身份证" && m.skip == Str::DetailSkipCard);
  }
  CHECK(produced);
  CHECK(card_skip);
  f.send(intent::StartApplication{});
  REQUIRE(f.core->screen() == ScreenId::Form);
  CHECK(f.core->application().form_view().matter_name == "新生儿出生一件事");
  // Each field once, however many steps ask for it.
  std::set<std::string> keys;
  for (const auto& fv : f.core->application().form_view().fields) CHECK(keys.insert(fv.field->key).second);
  CHECK(field(f.core->application().form_view(), "name"));
  // The birth certificate comes from the first step: it is not on the citizen's list.
  for (const auto& m : f.core->materials().materials_view()) CHECK(m.material->code != "M_BIRTH_CERT");
}

TEST_CASE("the next citizen starts in the configured language and standard mode, however the last visit ended") {
  Fixture f;
  REQUIRE(language() == Language::Chinese);
  // Cancelled at once on the consent screen.
  f.send(intent::Start{});
  f.send(intent::ToggleLanguage{});
  f.send(intent::ToggleElderly{});
  REQUIRE(language() == Language::English);
  f.send(intent::Cancel{});
  REQUIRE(f.core->screen() == ScreenId::Attract);
  CHECK(language() == Language::Chinese);
  CHECK(f.core->session().language() == Language::Chinese);
  CHECK_FALSE(f.core->elderly());
  // Left to the idle timeout further in.
  f.send(intent::Start{});
  f.send(intent::ToggleLanguage{});
  f.send(intent::Agree{});
  REQUIRE(language() == Language::English);
  f.core->update(f.t + std::chrono::hours(1));
  REQUIRE(f.core->screen() == ScreenId::Attract);
  CHECK(language() == Language::Chinese);
}
