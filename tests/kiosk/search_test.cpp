#include <doctest/doctest.h>

#include <filesystem>

#include "kiosk/catalog/search.hpp"

namespace fs = std::filesystem;
using namespace ow::catalog;

namespace {
const Catalog& sample() {
  static const Catalog c = *load_catalog(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample");
  return c;
}
const PinyinDict& dict() {
  static const auto d = PinyinDict::load();
  REQUIRE_MESSAGE(d, d.error().message);
  return *d;
}
const SearchIndex& index() {
  static const SearchIndex i(sample(), dict(), std::make_shared<ChineseConverter>(*ChineseConverter::open("t2s.json")));
  return i;
}
bool has(const std::vector<SearchHit>& hits, const std::string& name) {
  for (const auto& h : hits)
    if (h.name == name) return true;
  return false;
}
}  // namespace

TEST_CASE("pinyin comes from the Luna Pinyin dictionary, with phrase readings for polyphones") {
  auto syl = dict().syllables(U"社会保障卡");
  CHECK(syl == std::vector<std::string>{"she", "hui", "bao", "zhang", "ka"});
  CHECK(dict().syllables(U"银行")[1] == "hang");  // 行 alone is most often xing
  CHECK(dict().syllables(U"行")[0] == "xing");
  CHECK(dict().syllables(U"新生儿")[2] == "er");
  CHECK(dict().syllables(U"绿A1")[0] == "lv");
  CHECK(dict().syllables(U"绿A1")[1] == "a");
}

TEST_CASE("full pinyin, initials and characters all find the social security card") {
  for (const char* q : {"shebaoka", "sbk", "社保卡", "社会保障卡", "shehuibaozhangka", "SheBaoKa", "社保ka"}) {
    const auto hits = index().search(q);
    REQUIRE_MESSAGE(!hits.empty(), q);
    CHECK_MESSAGE(hits.front().name.find("社会保障卡") != std::string::npos, q << " → " << hits.front().name);
  }
  CHECK(index().search("sbk").front().tier == MatchTier::Initials);
  CHECK(index().search("shebaoka").front().tier == MatchTier::Exact);  // the keyword 社保卡, spelled out
}

TEST_CASE("ranking puts exact before prefix before initials before fuzzy") {
  auto hits = index().search("异地就医备案");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().name == "异地就医备案");
  CHECK(hits.front().tier == MatchTier::Exact);
  hits = index().search("yidijiuyibei");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().name == "异地就医备案");
  CHECK(hits.front().tier == MatchTier::Prefix);
  hits = index().search("养老");
  REQUIRE(hits.size() >= 3);
  for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].tier <= hits[i].tier);
  CHECK(has(hits, "城乡居民基本养老保险参保登记"));
}

TEST_CASE("a query in Traditional characters or missing a syllable still finds the matter") {
  auto hits = index().search("社會保障卡");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().name.find("社会保障卡") != std::string::npos);
  hits = index().search("居住證");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().name == "居住证申领");
  hits = index().search("shehuibaoka");  // 障 left out
  REQUIRE_FALSE(hits.empty());
  CHECK(hits.front().name.find("社会保障卡") != std::string::npos);
  CHECK(hits.front().tier == MatchTier::Fuzzy);
  hits = index().search("残疾人zheng");
  CHECK(has(hits, "残疾人证新办"));
}

TEST_CASE("bundles are found too, and filters narrow by audience, region, kind and category") {
  auto hits = index().search("xinshenger");
  CHECK(has(hits, "新生儿出生一件事"));
  SearchFilters legal;
  legal.audience = Audience::LegalPerson;
  hits = index().search("变更", legal);
  REQUIRE_FALSE(hits.empty());
  for (const auto& h : hits) CHECK(h.name.find("变更") != std::string::npos);
  CHECK(has(hits, "企业信息变更一件事"));
  SearchFilters cross;
  cross.region = RegionScope::CrossProvince;
  hits = index().search("shebaoka", cross);
  CHECK(has(hits, "社会保障卡挂失"));
  CHECK_FALSE(has(hits, "社会保障卡申领"));  // province-wide only
  SearchFilters only_bundles;
  only_bundles.kind = EntryKind::Bundle;
  for (const auto& h : index().search("shebao", only_bundles)) CHECK(h.kind == EntryKind::Bundle);
  CHECK(index().search("").empty());
  CHECK(index().search("？！").empty());
  CHECK(index().search("zzzzqqqq").empty());
}
