#include <doctest/doctest.h>

#include <algorithm>

#include "ui/gb2312.hpp"

TEST_CASE("GB2312 level 1 has 3,755 characters, from 啊 to 座") {
  const auto chars = ow::ui::gb2312_level1();
  REQUIRE(chars.size() == 3755);
  CHECK(chars.front() == U'啊');
  CHECK(chars.back() == U'座');
  CHECK(std::find(chars.begin(), chars.end(), U'办') != chars.end());
}
