#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/prereview.hpp"

namespace fs = std::filesystem;
using namespace ow;
using namespace ow::catalog;

namespace {
// A form's values (SecretString, which an initializer list cannot copy).
std::map<std::string, SecretString> form_of(std::initializer_list<std::pair<const char*, const char*>> values) {
  std::map<std::string, SecretString> form;
  for (const auto& [key, value] : values) form[key] = value;
  return form;
}
const Catalog& sample() {
  static const Catalog c = *load_catalog(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample");
  return c;
}
const Matter& by_name(const std::string& name) {
  for (const auto& m : sample().matters)
    if (m.name == name) return m;
  FAIL("no matter " << name);
  throw;
}
std::size_t count(const PrereviewResult& r, ProblemKind k) {
  return static_cast<std::size_t>(std::count_if(r.problems.begin(), r.problems.end(), [&](const Problem& p) { return p.kind == k; }));
}
const Problem* find(const PrereviewResult& r, ProblemKind k, const std::string& field_or_material) {
  for (const auto& p : r.problems)
    if (p.kind == k && (p.field == field_or_material || p.material == field_or_material)) return &p;
  return nullptr;
}
Application adult() {
  Application a;
  a.applicant = {"张三", "11010519491231002X", "男", "汉", "1949-12-31", "山东省淄博市张店区示范路1号"};
  a.today = "2025-06-15";
  return a;
}
}  // namespace

TEST_CASE("an empty application hears about every problem at once") {
  Application app = adult();
  app.applicant.birth_date = "2015-03-01";  // ten years old
  const auto r = prereview(by_name("城乡居民基本养老保险参保登记"), app);
  CHECK(count(r, ProblemKind::MissingField) == 4);
  REQUIRE(count(r, ProblemKind::EligibilityUnmet) == 1);
  CHECK(find(r, ProblemKind::EligibilityUnmet, "")->message.find("16 周岁") != std::string::npos);
  const Problem* id = find(r, ProblemKind::MaterialMissing, "M_ID_CARD");
  const Problem* household = find(r, ProblemKind::MaterialMissing, "M_HOUSEHOLD");
  REQUIRE(id);
  REQUIRE(household);
  CHECK(id->blocking);
  CHECK_FALSE(household->blocking);  // 容缺: may be handed in later under a commitment
  CHECK(household->message.find("承诺") != std::string::npos);
  CHECK_FALSE(r.passed);
  CHECK_FALSE(r.instant_approval);
}

TEST_CASE("a missing required material says what to do about it, and the way around photographing it") {
  Application app = adult();
  const auto rent = prereview(by_name("住房公积金租房提取"), app);
  const Problem* lease = find(rent, ProblemKind::MaterialMissing, "M_LEASE");
  const Problem* id = find(rent, ProblemKind::MaterialMissing, "M_ID_CARD");
  REQUIRE(lease);
  REQUIRE(id);
  CHECK(lease->text == Str::PrereviewMaterialMissing);  // no electronic licence stands in for a lease
  CHECK(id->text == Str::PrereviewMaterialMissingLicence);

  app.id_card_read = true;  // the card itself was read here: its licence needs no photo
  const auto read = prereview(by_name("住房公积金租房提取"), app);
  REQUIRE(find(read, ProblemKind::MaterialMissing, "M_ID_CARD"));
  CHECK(find(read, ProblemKind::MaterialMissing, "M_ID_CARD")->text == Str::PrereviewMaterialFromCard);
  CHECK(find(read, ProblemKind::MaterialMissing, "M_LEASE")->text == Str::PrereviewMaterialMissing);
}

TEST_CASE("a complete application passes, and is approved instantly only without deferrals") {
  Application app = adult();
  app.form = form_of({{"name", "张三"}, {"id_number", "11010519491231002X"}, {"phone", "13800138000"}, {"address", "山东省淄博市张店区示范路1号"}});
  app.materials["M_ID_CARD"] = {2, 0.9, 0.8, false, false};
  app.materials["M_HOUSEHOLD"] = {0, 1, 1, false, true};  // commitment signed
  auto r = prereview(by_name("城乡居民基本养老保险参保登记"), app);
  CHECK(r.problems.empty());
  CHECK(r.passed);
  CHECK(r.deferred_materials == std::vector<std::string>{"M_HOUSEHOLD"});
  CHECK_FALSE(r.instant_approval);
  app.materials["M_HOUSEHOLD"] = {0, 1, 1, true, false};  // fetched from the electronic licence library
  r = prereview(by_name("城乡居民基本养老保险参保登记"), app);
  CHECK(r.passed);
  CHECK(r.instant_approval);
}

TEST_CASE("invalid values name their field; review points check captured pages") {
  Application app = adult();
  app.form = form_of({{"name", "张三"}, {"id_number", "110105194912310021"}, {"phone", "123"}, {"address", "x"}});
  app.materials["M_ID_CARD"] = {1, 0.3, 0.8, false, false};
  app.materials["M_HOUSEHOLD"] = {2, 0.9, 0.8, false, false};
  const auto r = prereview(by_name("城乡居民基本养老保险参保登记"), app);
  REQUIRE(find(r, ProblemKind::InvalidValue, "phone"));
  CHECK(find(r, ProblemKind::InvalidValue, "phone")->text == Str::FormInvalidPhone);
  CHECK(find(r, ProblemKind::InvalidValue, "id_number")->text == Str::FormInvalidIdNumber);
  std::vector<std::string> review;
  for (const auto& p : r.problems)
    if (p.kind == ProblemKind::ReviewPointFailed && p.material == "M_ID_CARD") review.push_back(p.message);
  CHECK(review.size() == 3);  // too few pages (built in), both sides (rule), blurred (rule)
  CHECK(std::find(review.begin(), review.end(), "请扫描身份证正反两面") != review.end());
  CHECK(std::find(review.begin(), review.end(), "图像不够清晰，请放平后重新扫描") != review.end());
}

TEST_CASE("catalog validation rules run on field values, and materials can depend on the form") {
  Application app = adult();
  app.form = form_of({{"name", "张三"}, {"id_number", "11010519491231002X"}, {"phone", "13800138000"}, {"amount", "20000"},
                      {"bank_name", "中国银行"}, {"bank_account", "6222"}});
  const auto r = prereview(by_name("住房公积金租房提取"), app);
  REQUIRE(find(r, ProblemKind::InvalidValue, "amount"));
  CHECK(find(r, ProblemKind::InvalidValue, "amount")->message == "租房提取每年不超过 18000 元");
  CHECK(find(r, ProblemKind::InvalidValue, "bank_account"));

  const Matter& move = by_name("户口迁移（市内）");
  app.form = form_of({{"move_reason", "购房"}});
  CHECK(find(prereview(move, app), ProblemKind::MaterialMissing, "M_PROPERTY_CERT"));
  app.form = form_of({{"move_reason", "投靠亲属"}});
  CHECK_FALSE(find(prereview(move, app), ProblemKind::MaterialMissing, "M_PROPERTY_CERT"));
}

TEST_CASE("the newborn bundle merges forms, shares materials and takes produced ones off the list") {
  const Bundle* b = sample().find_bundle("B_NEWBORN");
  REQUIRE(b);
  auto merged = merge_bundle(sample(), *b);
  REQUIRE_MESSAGE(merged, merged.error().message);
  CHECK(merged->conflicts.empty());
  REQUIRE(merged->steps.size() == 5);
  CHECK(merged->steps.front()->name == "出生医学证明签发");
  CHECK(merged->steps.back()->name == "社会保障卡申领");
  std::vector<std::string> keys;
  for (const auto& f : merged->fields) keys.push_back(f.field.key);
  CHECK(std::count(keys.begin(), keys.end(), "child_name") == 1);
  REQUIRE(merged->field("name"));
  CHECK(merged->field("name")->matters.size() == 5);
  std::size_t id_cards = 0;
  for (const auto& m : merged->materials) {
    if (m.material.code == "M_ID_CARD") {
      ++id_cards;
      CHECK(m.matters.size() >= 3);
    }
    if (m.material.code == "M_BIRTH_CERT") CHECK(m.produced_by == b->steps[0].matter);
  }
  CHECK(id_cards == 1);

  Application app = adult();
  const auto r = prereview(*merged, app);
  CHECK_FALSE(find(r, ProblemKind::MaterialMissing, "M_BIRTH_CERT"));  // the first step issues it
  CHECK(find(r, ProblemKind::MaterialMissing, "M_MARRIAGE"));
  CHECK(find(r, ProblemKind::MissingField, "child_name"));
  std::size_t name_missing = 0;
  for (const auto& p : r.problems) name_missing += p.kind == ProblemKind::MissingField && p.field == "name";
  CHECK(name_missing == 1);
}

TEST_CASE("a bundle whose steps disagree on a field, or wait on each other, is refused") {
  Catalog c = sample();
  Bundle bad = *c.find_bundle("B_RETIRE");
  for (auto& m : c.matters)
    if (m.code == bad.steps[1].matter) m.fields[0].type = FieldType::Number;
  auto merged = merge_bundle(c, bad);
  REQUIRE(merged);
  REQUIRE_FALSE(merged->conflicts.empty());
  CHECK(merged->conflicts[0].what == "field");
  bad.steps[0].after = {bad.steps[3].matter};  // step 0 after step 3, step 3 after step 2 … → fine unless looped
  bad.steps[2].after = {bad.steps[0].matter};
  bad.steps[3].after = {bad.steps[2].matter};
  CHECK_FALSE(merge_bundle(c, bad));
  bad.steps[0].matter = "NO-SUCH";
  CHECK_FALSE(merge_bundle(c, bad));
}

TEST_CASE("a material the producing step itself needs stays on the citizen's list") {
  const Bundle* b = sample().find_bundle("B_COMPANY_CHANGE");
  REQUIRE(b);
  auto merged = merge_bundle(sample(), *b);
  REQUIRE(merged);
  CHECK(merged->conflicts.empty());
  for (const auto& m : merged->materials)
    if (m.material.code == "M_BUSINESS_LICENCE") {
      CHECK(m.produced_by.empty());  // the old licence is handed in once, for every step
      CHECK(m.matters.size() == 4);
    }
}

TEST_CASE("retirement follows the gradual raise of the statutory age by birth month and category") {
  const Matter& retire = by_name("企业职工基本养老保险退休申请");
  auto unmet = [&](const char* birth, const char* sex, const char* post) {
    Application app = adult();
    app.today = "2026-12-07";
    app.applicant.birth_date = birth;
    app.applicant.sex = sex;
    app.form = form_of({{"sex", sex}, {"retirement_post", post}});
    const auto r = prereview(retire, app);
    const Problem* p = find(r, ProblemKind::EligibilityUnmet, "");
    if (p) CHECK(p->message.find("逐步推迟") != std::string::npos);
    return p != nullptr;
  };
  CHECK_FALSE(unmet("1966-07-01", "男", "男职工"));  // 60 years 5 months: 2026-12-01
  CHECK(unmet("1966-08-01", "男", "男职工"));        // 60 years 5 months: 2027-01-01
  CHECK_FALSE(unmet("1971-06-01", "女", "女职工（管理、专业技术岗位）"));  // 55 years 5 months: 2026-11-01
  CHECK(unmet("1971-07-15", "女", "女职工（管理、专业技术岗位）"));        // 55 years 5 months: 2026-12-15
  CHECK(unmet("1976-08-01", "女", "女职工（其他岗位）"));        // 50 years 10 months: 2027-06-01
  CHECK_FALSE(unmet("1976-01-01", "女", "女职工（其他岗位）"));  // 50 years 7 months: 2026-08-01

  Application man = adult();
  man.form = form_of({{"sex", "男"}, {"retirement_post", "女职工（其他岗位）"}});
  const Problem* wrong = find(prereview(retire, man), ProblemKind::InvalidValue, "retirement_post");
  REQUIRE(wrong);
  CHECK(wrong->message.find("与性别不符") != std::string::npos);
}

TEST_CASE("告知承诺: a signed promise stands in for the proof it replaces, and only for one that offers it") {
  const Matter& unemployed = by_name("失业保险金申领");
  const Material* proof = unemployed.material("M_UNEMPLOY_PROOF");
  REQUIRE(proof);
  CHECK(proof->promise.find("解除或终止劳动关系") != std::string::npos);
  Application app = adult();
  const Problem* missing = find(prereview(unemployed, app), ProblemKind::MaterialMissing, "M_UNEMPLOY_PROOF");
  REQUIRE(missing);
  CHECK(missing->blocking);
  CHECK(missing->text == Str::PrereviewMaterialMissingPromise);

  app.materials["M_UNEMPLOY_PROOF"].promised = true;
  const auto r = prereview(unemployed, app);
  CHECK_FALSE(find(r, ProblemKind::MaterialMissing, "M_UNEMPLOY_PROOF"));
  CHECK(r.promised_materials == std::vector<std::string>{"M_UNEMPLOY_PROOF"});

  app.materials["M_BANK_CARD"].promised = true;  // no promise replaces a bank card
  CHECK(find(prereview(unemployed, app), ProblemKind::MaterialMissing, "M_BANK_CARD"));
}
