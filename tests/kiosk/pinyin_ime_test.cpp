#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/ime/pinyin_ime.hpp"

using namespace ow;

namespace {
std::unique_ptr<PinyinIme> open_ime() {
  auto ime = PinyinIme::open("/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat");
  REQUIRE_MESSAGE(ime, ime.error().message);
  return std::move(*ime);
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("letters give candidates; choosing the whole phrase commits it") {
  auto ime = open_ime();
  for (char c : std::string("shebao")) ime->add_letter(c);
  CHECK(ime->composing());
  CHECK(ime->spelling() == "shebao");
  REQUIRE_FALSE(ime->candidates().empty());
  CHECK(ime->candidates().front() == "社保");
  auto text = ime->choose(0);
  REQUIRE(text);
  CHECK(*text == "社保");
  CHECK_FALSE(ime->composing());
}

TEST_CASE("choosing a single character leaves the rest to choose") {
  auto ime = open_ime();
  for (char c : std::string("zhangsan")) ime->add_letter(c);
  const auto& first = ime->candidates();
  REQUIRE(has(first, "张"));
  const auto at = static_cast<std::size_t>(std::find(first.begin(), first.end(), "张") - first.begin());
  CHECK_FALSE(ime->choose(at));  // 张 chosen, "san" still open
  REQUIRE(ime->candidates().size() > 1);
  auto text = ime->choose(0);
  REQUIRE(text);
  CHECK(text->rfind("张", 0) == 0);
}

TEST_CASE("backspace, invalid keys and forgetting") {
  auto ime = open_ime();
  ime->add_letter('A');  // upper case is not a pinyin letter
  ime->add_letter('\'');  // a split needs letters before it
  CHECK_FALSE(ime->composing());
  ime->add_letter('n');
  ime->add_letter('i');
  ime->backspace();
  CHECK(ime->spelling() == "n");
  ime->backspace();
  CHECK_FALSE(ime->composing());
  CHECK(ime->candidates().empty());
  for (char c : std::string("nihao")) ime->add_letter(c);
  ime->forget();
  CHECK_FALSE(ime->composing());
  for (char c : std::string("nihao")) ime->add_letter(c);
  CHECK(has(ime->candidates(), "你好"));
}
