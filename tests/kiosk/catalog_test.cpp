#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/catalog/catalog.hpp"

namespace fs = std::filesystem;
using namespace ow;

TEST_CASE("the sample catalog loads with at least three matters, each with a form") {
  auto c = catalog::load_catalog(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample.json");
  REQUIRE_MESSAGE(c, c.error().message);
  CHECK(c->matters.size() >= 3);
  for (const auto& m : c->matters) CHECK_FALSE(m.fields.empty());
  REQUIRE(c->find(c->matters.front().code));
  CHECK(c->all_text().find(c->matters.front().name) != std::string::npos);
}

TEST_CASE("a broken catalog is an error with its location") {
  const auto path = fs::temp_directory_path() / "ow-bad-catalog.json";
  std::ofstream(path) << R"({"matters":[{"code":"X","name":"n","fields":[{"key":"a","label":"b","type":"colour"}]}]})";
  auto c = catalog::load_catalog(path);
  REQUIRE_FALSE(c);
  CHECK(c.error().message.find("matters[0].fields[0]") != std::string::npos);
  std::ofstream(path) << "{not json";
  CHECK_FALSE(catalog::load_catalog(path));
}
