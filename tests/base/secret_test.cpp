// SecretString and SecretBytes leave no copy of their contents in memory they give back: each test
// holds a marker (a name and ID number nobody has) and searches every freed block for it.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "base/secret.hpp"
#include "tests/support/marker_alloc.hpp"

namespace {

using ow::SecretBytes;
using ow::SecretString;
using ow::test::MarkerScan;

constexpr std::string_view kMarker = "标记人甲11010519491231002X";

// The marker on the heap, as a card read leaves it (longer than any small-string buffer).
// Built in one allocation, so that the helper itself frees no block holding the marker.
std::string marker_string() {
  std::string s;
  s.reserve(128);
  s.append("住址:").append(kMarker).append("某某街道");
  return s;
}
std::vector<std::uint8_t> marker_bytes() {
  std::vector<std::uint8_t> v;
  v.reserve(128);
  for (const char c : std::string_view("住址:")) v.push_back(static_cast<std::uint8_t>(c));
  for (const char c : kMarker) v.push_back(static_cast<std::uint8_t>(c));
  return v;
}

}  // namespace

TEST_CASE("the marker scan finds a plain std::string that was not wiped") {
  MarkerScan scan{kMarker};
  {
    std::string plain = marker_string();
    CHECK(plain.find(kMarker) != std::string::npos);
  }
  CHECK(scan.searched() > 0);
  CHECK(scan.found() >= 1);
}

TEST_CASE("the marker scan finds the old buffer a growing std::string leaves behind") {
  MarkerScan scan{kMarker};
  {
    std::string plain = marker_string();
    plain.shrink_to_fit();
    plain.append(4096, 'x');  // reallocates: the old buffer is freed with the marker in it
    CHECK(plain.size() > 4096);
    ow::detail::SecretBuffer::zero_bytes(plain.data(), plain.capacity());  // only the new buffer
  }
  CHECK(scan.found() >= 1);
}

TEST_CASE("a SecretString destroyed leaves no copy") {
  MarkerScan scan{kMarker};
  {
    SecretString s{std::string_view(marker_string())};  // the temporary std::string is found, so:
    (void)s;
  }
  const std::size_t temp_hits = scan.found();  // the std::string temporary above was not wiped
  CHECK(temp_hits == 1);
  {
    SecretString s{marker_string()};  // std::string&&: the source is zeroed before it is freed
    CHECK(s.view().find(kMarker) != std::string_view::npos);
  }
  CHECK(scan.found() == temp_hits);
}

TEST_CASE("a SecretString built from std::string&& zeroes and empties the source") {
  MarkerScan scan{kMarker};
  std::string source = marker_string();
  const std::size_t size = source.size();
  SecretString s{std::move(source)};
  CHECK(s.size() == size);
  CHECK(source.empty());  // NOLINT(bugprone-use-after-move): documented to be emptied
  source.clear();
  source.shrink_to_fit();
  CHECK(scan.found() == 0);
}

TEST_CASE("a moved-from SecretString is empty and the moved-to one wipes on destruction") {
  MarkerScan scan{kMarker};
  {
    SecretString a{marker_string()};
    SecretString b{std::move(a)};
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move)
    CHECK(b.view().find(kMarker) != std::string_view::npos);
    SecretString c;
    c = std::move(b);
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move)
    CHECK(c.view().find(kMarker) != std::string_view::npos);
  }
  CHECK(scan.found() == 0);
}

TEST_CASE("a reassigned SecretString zeroes its old contents") {
  MarkerScan scan{kMarker};
  SecretString s{marker_string()};
  s = SecretString{"王五"};
  CHECK(s == "王五");
  CHECK(scan.found() == 0);
  s = std::string(200, 'y');
  s.clear();
  CHECK(s.empty());
  CHECK(scan.found() == 0);
}

TEST_CASE("a growing SecretString zeroes the buffer it outgrew") {
  MarkerScan scan{kMarker};
  SecretString s{marker_string()};
  for (int i = 0; i < 50; ++i) s.append("某某街道某某号");  // several reallocations
  CHECK(s.view().find(kMarker) != std::string_view::npos);
  CHECK(scan.found() == 0);
  s.clear();
  CHECK(scan.found() == 0);
}

TEST_CASE("SecretString reads like a string and copies only when asked") {
  SecretString s{"张三"};
  CHECK(s == "张三");
  CHECK(s == std::string_view("张三"));
  CHECK(s.size() == std::string_view("张三").size());
  CHECK(std::string_view(s.c_str()) == "张三");
  CHECK(s.str() == "张三");
  SecretString t = s.clone();
  CHECK(t == s);
  CHECK(SecretString().view().empty());
  CHECK(std::string_view(SecretString().c_str()).empty());
  static_assert(!std::is_copy_constructible_v<SecretString>);
  static_assert(!std::is_copy_assignable_v<SecretString>);
  static_assert(!std::is_convertible_v<SecretString, std::string>);
  static_assert(!std::is_convertible_v<SecretString, std::string_view>);
}

TEST_CASE("SecretBytes wipe on destruction, move, reassignment and growth") {
  MarkerScan scan{kMarker};
  {
    SecretBytes a{marker_bytes()};  // the vector&& source is zeroed before it is freed
    CHECK(a.view().find(kMarker) != std::string_view::npos);
    SecretBytes b{std::move(a)};
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move)
    for (int i = 0; i < 100; ++i) b.push_back(static_cast<std::uint8_t>(i));  // grows
    SecretBytes c = b.clone();
    c = SecretBytes{};  // reassigned
    b.resize(3);
    CHECK(b.size() == 3);
  }
  CHECK(scan.searched() > 0);
  CHECK(scan.found() == 0);
}

TEST_CASE("SecretBytes reads like a byte vector") {
  const std::vector<std::uint8_t> raw{1, 2, 3};
  SecretBytes b{std::span<const std::uint8_t>(raw)};
  CHECK(b.size() == 3);
  CHECK(b[1] == 2);
  CHECK(b == std::span<const std::uint8_t>(raw));
  CHECK(b.to_vector() == raw);
  b.resize(5);
  CHECK(b[4] == 0);
  static_assert(!std::is_copy_constructible_v<SecretBytes>);
}
