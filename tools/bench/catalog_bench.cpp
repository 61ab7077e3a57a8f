// bench_catalog: search latency per keystroke over a generated 10,000-matter catalog (goal: p99
// ≤ 1 ms), as a ratio against a plain substring scan over the same names in the same run.
// Also reports the pinyin dictionary load and index build times.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "kiosk/catalog/search.hpp"

using namespace ow::catalog;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Names built from real matter vocabulary, so the pinyin and the near-misses look like a province's list.
Catalog generate(std::size_t n) {
  const char* who[] = {"城乡居民", "企业职工", "个体工商户", "残疾人", "老年人", "退役军人", "灵活就业人员", "新生儿", "外来务工人员", "农村"};
  const char* what[] = {"基本养老保险", "医疗保险", "社会保障卡", "住房公积金", "最低生活保障", "居住证", "不动产权证书", "营业执照",
                        "食品经营许可", "残疾人证", "失业保险金", "生育津贴", "高龄津贴", "临时救助", "学籍", "出生医学证明",
                        "结婚登记", "户口", "异地就医", "护理补贴"};
  const char* act[] = {"申领", "参保登记", "变更登记", "注销", "补领", "换领", "备案", "查询打印", "转移接续", "待遇核定", "提取", "认定"};
  const char* cats[] = {"社保", "医保", "户籍", "婚育", "不动产", "公积金", "民政", "残联", "教育", "市场监管"};
  std::mt19937 rng(7);
  Catalog c;
  for (std::size_t i = 0; i < n; ++i) {
    Matter m;
    const std::string a = who[rng() % 10], b = what[rng() % 20], d = act[rng() % 12];
    m.code = "BENCH" + std::to_string(i);
    m.name = a + b + d + (i % 3 ? "" : "（" + std::to_string(i % 97) + "区）");
    m.short_name = b + d;
    m.keywords = {b, d};
    m.categories = {cats[rng() % 10]};
    m.audience = {Audience::Person};
    c.matters.push_back(std::move(m));
  }
  return c;
}

struct Stats {
  double p50, p99, max;
};
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}
}  // namespace

int main() {
  auto t = Clock::now();
  auto dict = PinyinDict::load();
  if (!dict) {
    std::fprintf(stderr, "bench_catalog: %s\n", dict.error().message.c_str());
    return 1;
  }
  const double dict_ms = ms_since(t);
  auto t2s = ChineseConverter::open("t2s.json");
  if (!t2s) return 1;
  const Catalog cat = generate(10000);
  t = Clock::now();
  const SearchIndex index(cat, *dict, std::make_shared<ChineseConverter>(std::move(*t2s)));
  const double build_ms = ms_since(t);

  // What citizens type, one keystroke at a time: full pinyin, initials, characters, Traditional.
  const std::vector<std::string> typed = {"shebaoka", "sbk", "yiliaobaoxian", "gongjijintiqu", "gjjtq", "canjirenzheng",
                                          "juzhuzheng", "yidijiuyi", "xinshengerchusheng", "zhuxiao", "shehuibaoka",
                                          "chengxiangjumin", "cxjm", "yyzz"};
  const std::vector<std::string> typed_cjk = {"社会保障卡", "住房公积金提取", "營業執照", "残疾人", "最低生活保障"};
  std::vector<std::string> keystrokes;
  for (const auto& q : typed)
    for (std::size_t n = 1; n <= q.size(); ++n) keystrokes.push_back(q.substr(0, n));
  for (const auto& q : typed_cjk) {
    const auto u = utf8_to_u32(q);
    for (std::size_t n = 1; n <= u.size(); ++n) keystrokes.push_back(u32_to_utf8(u.substr(0, n)));
  }

  std::vector<std::string> names;
  for (const auto& m : cat.matters) names.push_back(m.name);
  std::vector<double> search_ms, scan_ms;
  std::size_t hits = 0, scanned = 0;
  for (int round = 0; round < 3; ++round)
    for (const auto& k : keystrokes) {
      t = Clock::now();
      hits += index.search(k).size();
      search_ms.push_back(ms_since(t));
      t = Clock::now();
      std::size_t found = 0;
      for (const auto& n : names) found += n.find(k) != std::string::npos;
      scan_ms.push_back(ms_since(t));
      scanned += found;
    }
  const Stats s = stats(search_ms), b = stats(scan_ms);
  std::fprintf(stderr, "catalog search over %zu matters, %zu keystrokes × 3 (%zu hits, baseline %zu)\n", cat.matters.size(),
               keystrokes.size(), hits, scanned);
  std::fprintf(stderr, "  %-28s %8s %8s %8s\n", "", "p50 ms", "p99 ms", "max ms");
  std::fprintf(stderr, "  %-28s %8.3f %8.3f %8.3f\n", "search (pinyin, fuzzy, ranked)", s.p50, s.p99, s.max);
  std::fprintf(stderr, "  %-28s %8.3f %8.3f %8.3f\n", "baseline substring scan", b.p50, b.p99, b.max);
  std::fprintf(stderr, "  dictionary load %.1f ms, index build %.1f ms (%zu entries)\n", dict_ms, build_ms, index.entries());
  nlohmann::json out = {{"bench", "catalog"},
                        {"matters", cat.matters.size()},
                        {"keystrokes", keystrokes.size() * 3},
                        {"search_p50_ms", s.p50},
                        {"search_p99_ms", s.p99},
                        {"search_max_ms", s.max},
                        {"baseline_p99_ms", b.p99},
                        {"goal_p99_ms", 1.0},
                        {"dict_load_ms", dict_ms},
                        {"index_build_ms", build_ms},
                        {"ratios", {{"search_p99_vs_substring_scan_p99", b.p99 > 0 ? s.p99 / b.p99 : 0.0}}}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
