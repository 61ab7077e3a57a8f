#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "kiosk/strings.hpp"

using namespace ow;

TEST_CASE("every string has both languages, and format strings agree on their placeholders") {
  for (int i = 0; i < static_cast<int>(Str::Count_); ++i) {
    const auto key = static_cast<Str>(i);
    const std::string zh = tr(key, Language::Chinese), en = tr(key, Language::English);
    CAPTURE(i);
    CHECK_FALSE(zh.empty());
    CHECK_FALSE(en.empty());
    const auto count = [](const std::string& s, const char* p) {
      int n = 0;
      for (auto pos = s.find(p); pos != std::string::npos; pos = s.find(p, pos + 1)) ++n;
      return n;
    };
    CHECK(count(zh, "%d") == count(en, "%d"));
    CHECK(count(zh, "%") == count(en, "%"));
  }
}

TEST_CASE("the language switch changes what tr returns") {
  set_language(Language::English);
  CHECK(std::string(tr(Str::AttractStart)) == "Start");
  set_language(Language::Chinese);
  CHECK(std::string(tr(Str::AttractStart)) == "开始办事");
  CHECK(trf(Str::DetailLimitWorking, 5) == "5 个工作日");
  CHECK(trf(Str::ReceiptPromise, std::string("2026-12-08")) == "承诺办结：2026-12-08 前");
  CHECK(trf(Str::ReceiptMatter, std::string("社保卡")) == "办理事项：社保卡");
}
