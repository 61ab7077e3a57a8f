// `matterpack diff`'s comparison on a copy of the sample catalog changed the way operators change
// catalogs: each change a citizen will notice is one plain Chinese line under its matter or bundle,
// and an unchanged catalog (as a folder or as a signed package) says so.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "kiosk/catalog/package.hpp"
#include "tests/temp_dir.hpp"
#include "tools/matterpack/catalog_input.hpp"
#include "tools/matterpack/diff.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace ow;

namespace {
json read_json(const fs::path& p) { return json::parse(std::ifstream(p)); }
void write_json(const fs::path& p, const json& j) { std::ofstream(p, std::ios::trunc) << j.dump(1); }

// Runs `change` on the matter named `name` wherever it is in matters/*.json; returns its code.
std::string edit_matter(const fs::path& root, const std::string& name, const std::function<void(json&)>& change) {
  for (const auto& e : fs::directory_iterator(root / "matters")) {
    json doc = read_json(e.path());
    for (auto& m : doc["matters"]) {
      if (m["name"] != name) continue;
      const std::string code = m["code"];
      change(m);
      write_json(e.path(), doc);
      return code;
    }
  }
  FAIL("no matter named " << name);
  return "";
}

// The section whose heading is `heading`, or none.
const matterpack::DiffSection* section(const std::vector<matterpack::DiffSection>& d, const std::string& heading) {
  auto it = std::find_if(d.begin(), d.end(), [&](const auto& s) { return s.heading == heading; });
  return it == d.end() ? nullptr : &*it;
}

bool has_line(const matterpack::DiffSection* s, const std::string& line) {
  return s && std::find(s->lines.begin(), s->lines.end(), line) != s->lines.end();
}

catalog::Catalog load(const fs::path& root) {
  auto c = catalog::load_catalog(root);
  REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
  return std::move(*c);
}
}  // namespace

TEST_CASE("diff: an unchanged catalog has nothing for citizens, as a folder and as a signed package") {
  TempDir tmp("mp-diff-same");
  const auto before = load(OW_SAMPLE_CATALOG);
  CHECK(matterpack::diff_catalogs(before, load(OW_SAMPLE_CATALOG)).empty());
  CHECK(matterpack::format_diff({}) == "无面向群众的变化\n");

  const auto keys = catalog::generate_keypair();
  REQUIRE(catalog::save_keypair(keys, tmp.path));
  auto files = catalog::content_from_dir(OW_SAMPLE_CATALOG);
  REQUIRE(files);
  catalog::Manifest m;
  m.version = 3;
  m.created = "2026-01-01T00:00:00Z";
  m.expires = "2099-01-01T00:00:00Z";
  m.min_kiosk_version = "0.1.0";
  std::ofstream(tmp.path / "c3.pkg", std::ios::binary) << catalog::build_package(m, *files, keys.secret);

  auto pkg = matterpack::load_catalog_input(tmp.path / "c3.pkg", tmp.path / "catalog.pub");
  REQUIRE_MESSAGE(pkg, (pkg ? "" : pkg.error().message));
  CHECK(pkg->version == "3");
  CHECK(matterpack::diff_catalogs(before, *pkg).empty());

  auto no_key = matterpack::load_catalog_input(tmp.path / "c3.pkg", std::nullopt);
  REQUIRE_FALSE(no_key);
  CHECK(no_key.error().message.find("--pub") != std::string::npos);
  const auto other = catalog::generate_keypair();
  REQUIRE(catalog::save_keypair(other, tmp.path / "other"));
  auto wrong_key = matterpack::load_catalog_input(tmp.path / "c3.pkg", tmp.path / "other" / "catalog.pub");
  REQUIRE_FALSE(wrong_key);
  CHECK(wrong_key.error().message.find("bad_signature") != std::string::npos);
}

TEST_CASE("diff: each change a citizen meets is one line under its matter or bundle") {
  TempDir tmp("mp-diff");
  const fs::path root = tmp.path / "catalog";
  fs::copy(OW_SAMPLE_CATALOG, root, fs::copy_options::recursive);

  const std::string pension = edit_matter(root, "城乡居民基本养老保险参保登记", [](json& m) {
    m["fee"] = "工本费 20 元";
    m["promised_limit"] = {{"value", 3}, {"unit", "working_day"}};
    m["instant_approval"] = false;
    m["materials"][1] = {{"use", "M_HOUSEHOLD"}};  // was 容缺 (deferrable): now required
    m["fields"][2] = {{"use", "phone"}, {"required", false}};
    m["fields"].erase(3);  // address
    m["eligibility"].push_back({{"logic", {{"==", {1, 1}}}}, {"message", "须在本市连续居住满半年"}});
    m["result"]["delivery"] = {"window"};
  });
  const std::string card = edit_matter(root, "社会保障卡补换领", [](json& m) {
    m["fields"][3]["options"].push_back("到期换卡");
    m["materials"][0]["copies"] = 2;
    m["materials"][0]["form"] = "copy";
    m["materials"][0]["promise"] = "本人承诺所述身份信息真实";
  });
  const std::string renamed = edit_matter(root, "无犯罪记录证明开具", [](json& m) { m["name"] = "无犯罪记录证明申请"; });
  std::string old_sentence;
  const std::string reworded = edit_matter(root, "高龄老人津贴申领", [&](json& m) {
    old_sentence = m["eligibility"][0]["message"];
    m["eligibility"][0]["message"] = "请确认您符合参保条件";
  });
  const std::string dropped_rule = edit_matter(root, "失业保险金申领", [&](json& m) {
    REQUIRE(!m["eligibility"].empty());
    m["eligibility"][0]["logic"] = {{"==", {1, 2}}};
  });
  const std::string print = edit_matter(root, "社会保险个人权益记录查询打印", [](json& m) { m["self_service"] = false; });
  // Another code and name: to citizens, one matter gone and a new one.
  const std::string removed = edit_matter(root, "居民身份证换领", [](json& m) {
    m["code"] = "TEST-NEW-MATTER-0001";
    m["name"] = "测试新增事项";
  });

  const auto before = load(OW_SAMPLE_CATALOG);
  const auto after = load(root);
  const auto d = matterpack::diff_catalogs(before, after);
  const std::string text = matterpack::format_diff(d);
  INFO(text);

  const auto* p = section(d, "事项「城乡居民基本养老保险参保登记」（" + pension + "）");
  REQUIRE(p);
  CHECK(has_line(p, "收费：免费 → 工本费 20 元"));
  CHECK(has_line(p, "承诺办结时限：1 个工作日 → 3 个工作日"));
  CHECK(has_line(p, "不再当场审批（秒批）"));
  CHECK(has_line(p, "材料「居民户口簿」：可容缺后补 → 必交"));
  CHECK(has_line(p, "填写项「手机号码」改为选填"));
  CHECK(has_line(p, "不再填写「户籍地址」"));
  CHECK(has_line(p, "新增办理条件：「须在本市连续居住满半年」"));
  CHECK(has_line(p, "办理结果领取方式：窗口领取、电子送达 → 窗口领取"));
  CHECK(p->lines.size() == 8);  // nothing else: the rest of the matter is as it was

  const auto* c = section(d, "事项「社会保障卡补换领」（" + card + "）");
  REQUIRE(c);
  CHECK(has_line(c, "填写项「补换原因」的选项：「遗失、损坏、信息变更」 → 「遗失、损坏、信息变更、到期换卡」"));
  CHECK(has_line(c, "材料「居民身份证」份数：1 份 → 2 份"));
  CHECK(has_line(c, "材料「居民身份证」：原件 → 复印件"));
  CHECK(has_line(c, "材料「居民身份证」可以告知承诺代替，承诺内容：「本人承诺所述身份信息真实」"));

  const auto* n = section(d, "事项「无犯罪记录证明申请」（" + renamed + "）");
  REQUIRE(n);
  CHECK(n->lines == std::vector<std::string>{"名称：「无犯罪记录证明开具」 → 「无犯罪记录证明申请」"});
  CHECK(has_line(section(d, "事项「社会保险个人权益记录查询打印」（" + print + "）"), "改为不能在一体机自助办理（一体机上不再显示）"));
  const auto* r = section(d, "事项「高龄老人津贴申领」（" + reworded + "）");
  REQUIRE(r);
  CHECK(r->lines == std::vector<std::string>{"办理条件的说法：「" + old_sentence + "」 → 「请确认您符合参保条件」"});
  const auto* u = section(d, "事项「失业保险金申领」（" + dropped_rule + "）");
  REQUIRE(u);
  REQUIRE(u->lines.size() == 1);
  CHECK(u->lines[0].ends_with("的判断规则有改动"));
  CHECK(section(d, "删除事项「居民身份证换领」（" + removed + "）"));
  CHECK(section(d, "新增事项「测试新增事项」（TEST-NEW-MATTER-0001）"));

  // A bundle is compared as the citizen does it: the step's new rule and material are the bundle's too.
  bool bundle_seen = false;
  for (const auto& b : after.bundles) {
    const bool has_step = std::any_of(b.steps.begin(), b.steps.end(), [&](const auto& s) { return s.matter == pension; });
    const auto* s = section(d, "一件事「" + b.name + "」（" + b.code + "）");
    if (!has_step) continue;
    bundle_seen = true;
    CHECK(has_line(s, "新增办理条件：「须在本市连续居住满半年」"));
  }
  CHECK(bundle_seen);
  CHECK(text.find("共 ") != std::string::npos);
  CHECK(text.find("  - 收费：免费 → 工本费 20 元\n") != std::string::npos);
}
