#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/validate.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
fs::path sample_dir() { return fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample"; }

// A scratch copy of the sample catalog that a test may break.
fs::path scratch_copy(const char* name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::copy(sample_dir(), dir, fs::copy_options::recursive);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::trunc) << text; }
}  // namespace

TEST_CASE("the sample catalog covers the categories, bundles and guides a township hall needs") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE_MESSAGE(c, c.error().message);
  CHECK(c->matters.size() >= 40);
  CHECK(c->bundles.size() >= 6);
  CHECK(c->guides.size() >= 4);
  std::set<std::string> cats;
  for (const auto& m : c->matters) cats.insert(m.categories.begin(), m.categories.end());
  for (const char* want : {"社保", "医保", "户籍", "婚育", "不动产", "公积金", "民政", "残联", "教育", "市场监管", "企业开办"})
    CHECK_MESSAGE(cats.count(want), want);
  for (const char* want : {"新生儿出生一件事", "退休一件事", "企业信息变更一件事", "开办餐饮店一件事", "残疾人服务一件事",
                           "社会保障卡居民服务一件事"}) {
    bool found = false;
    for (const auto& b : c->bundles) found = found || b.name == want;
    CHECK_MESSAGE(found, want);
  }
  for (const auto& m : c->matters) {
    CHECK_FALSE(m.fields.empty());
    CHECK(m.promised_limit.value > 0);
    CHECK_FALSE(m.department.name.empty());
  }
  const auto issues = catalog::validate_catalog(*c);
  for (const auto& i : issues) MESSAGE(i.where << ": " << i.message);
  CHECK(issues.empty());
}

TEST_CASE("shared fields and materials are resolved by \"use\" with per-matter overrides") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE(c);
  // The headless journeys tap these two matters and their field labels.
  const catalog::Matter* pension = nullptr;
  const catalog::Matter* allowance = nullptr;
  for (const auto& m : c->matters) {
    if (m.name == "城乡居民基本养老保险参保登记") pension = &m;
    if (m.name == "高龄老人津贴申领") allowance = &m;
  }
  REQUIRE(pension);
  REQUIRE(pension->fields.size() == 4);
  CHECK(pension->fields[0].label == "姓名");
  CHECK(pension->fields[0].prefill == "idcard.name");
  CHECK(pension->fields[3].label == "户籍地址");
  const auto* household = pension->material("M_HOUSEHOLD");
  REQUIRE(household);
  CHECK(household->necessity == catalog::Necessity::Deferrable);  // overridden from the shared "required"
  CHECK_FALSE(household->commitment.empty());
  CHECK(household->licence_type == "居民户口簿");  // kept from the shared definition
  REQUIRE(allowance);
  CHECK(allowance->field("phone")->label == "联系电话");
  CHECK(c->find(pension->code) == pension);
  CHECK(c->all_text().find("一件事") != std::string::npos);
}

TEST_CASE("guide trees lead from the root question to matters and bundles") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE(c);
  const auto* g = c->find_guide("G_FAMILY");
  REQUIRE(g);
  const auto* root = g->node(g->root);
  REQUIRE(root);
  const catalog::GuideOption* born = nullptr;
  for (const auto& o : root->options)
    if (!o.next.empty()) born = &o;
  REQUIRE(born);
  const auto* next = g->node(born->next);
  REQUIRE(next);
  CHECK(next->options.front().bundle == "B_NEWBORN");
  CHECK(c->find_bundle("B_NEWBORN"));
}

TEST_CASE("load errors name the file and the JSON path, all at once") {
  const auto dir = scratch_copy("ow-catalog-broken");
  write(dir / "matters" / "99_broken.json",
        R"({"matters":[{"code":"X","name":"n","type":"公共服务","department":{"name":"d"},"categories":["c"],
            "fields":[{"key":"a","label":"b","type":"colour","requird":true}],
            "materials":[{"use":"NO_SUCH"}, {"code":"M","name":"m","necessity":"deferrable"}]}]})");
  auto c = catalog::load_catalog(dir);
  REQUIRE_FALSE(c);
  const auto& msg = c.error().message;
  CHECK(msg.find("matters/99_broken.json: $.matters[0].fields[0].type") != std::string::npos);
  CHECK(msg.find("$.matters[0].materials[0].use") != std::string::npos);
  CHECK(msg.find("$.matters[0].fields[0].requird: is not a member") != std::string::npos);
  CHECK(msg.find("$.matters[0].materials[1].commitment") != std::string::npos);
  write(dir / "matters" / "99_broken.json", "{not json");
  CHECK_FALSE(catalog::load_catalog(dir));
  CHECK_FALSE(catalog::load_catalog(dir / "nonexistent"));
  fs::remove_all(dir);
}

TEST_CASE("validation finds broken references, rules, loops and merge conflicts") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE(c);
  auto broken = *c;
  broken.matters[1].code = broken.matters[0].code;                                  // duplicate code
  broken.matters[2].eligibility.push_back({{{"agee", {1}}}, "x"});                  // unknown operation
  broken.matters[3].department.credit_code = "11440100007432607A";                  // bad check character
  broken.guides[0].nodes[0].options[0].matter = "NO-SUCH-MATTER";
  broken.guides[0].nodes[0].options[0].next.clear();
  broken.guides[1].nodes[1].options[0] = {"回到开头", "stage", "", ""};              // a loop
  auto* newborn = const_cast<catalog::Bundle*>(&broken.bundles[0]);
  for (auto& m : broken.matters)
    if (m.code == newborn->steps[0].matter) m.fields[0].label = "母亲姓名";         // same key, other label
  const auto issues = catalog::validate_catalog(broken);
  auto has = [&](const std::string& needle) {
    for (const auto& i : issues)
      if ((i.where + " " + i.message).find(needle) != std::string::npos) return true;
    return false;
  };
  CHECK(has("is also used at"));
  CHECK(has("unknown operation \"agee\""));
  CHECK(has("GB 32100"));
  CHECK(has("no matter \"NO-SUCH-MATTER\""));
  CHECK(has("loop back"));
  CHECK(has("field \"name\" means different things"));
}
