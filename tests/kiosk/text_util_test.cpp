#include <doctest/doctest.h>

#include <set>

#include "kiosk/text_util.hpp"

using namespace ow;

TEST_CASE("ID numbers show the first 6 and last 4 characters") {
  CHECK(mask_id_number("11010519491231002X") == "110105********002X");
  CHECK(mask_id_number("1234") == "****");
}

TEST_CASE("UUIDs are version 4 and distinct") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto u = new_uuid();
    CHECK(u.size() == 36);
    CHECK(u[14] == '4');
    CHECK(std::string("89ab").find(u[19]) != std::string::npos);
    seen.insert(u);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("RFC 3339 local time carries an offset") {
  const auto s = rfc3339_local(std::chrono::system_clock::now());
  CHECK(s.size() == 25);
  CHECK(s[10] == 'T');
  CHECK((s[19] == '+' || s[19] == '-'));
}

TEST_CASE("append_utf8 encodes one, two, three and four byte characters") {
  std::string s;
  for (char32_t c : {U'a', U'é', U'办', U'😀'}) append_utf8(s, c);
  CHECK(s == "aé办😀");
}

TEST_CASE("RFC 3339 UTC time is Z-suffixed and exact to the second") {
  using namespace std::chrono;
  CHECK(rfc3339_utc(system_clock::time_point(seconds(1795312445))) == "2026-11-22T01:54:05Z");
  CHECK(rfc3339_utc(system_clock::time_point(milliseconds(999))) == "1970-01-01T00:00:00Z");
}
