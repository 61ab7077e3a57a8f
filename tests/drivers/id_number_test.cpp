#include <doctest/doctest.h>

#include "drivers/idcard/id_number.hpp"

using namespace ow::drivers::idcard;

TEST_CASE("GB 11643 check character from the standard's example") {
  CHECK(id_check_char("11010519491231002") == 'X');
  CHECK(id_number_valid("11010519491231002X"));
}

TEST_CASE("foreigner permanent residence numbers use the same checksum") {
  CHECK(id_number_valid("932682198501010017"));
  CHECK(id_number_valid("911124198108030024"));
}

TEST_CASE("wrong check character, length, letters and impossible dates are refused") {
  CHECK_FALSE(id_number_valid("110105194912310021"));
  CHECK_FALSE(id_number_valid("11010519491231002x"));  // lower-case x is not the standard form
  CHECK_FALSE(id_number_valid("1101051949123100"));
  CHECK_FALSE(id_number_valid("11010519491331002X"));
  CHECK(id_check_char("1101051949123100A") == '\0');
}

TEST_CASE("calendar dates") {
  CHECK(yyyymmdd_valid("20000229"));
  CHECK_FALSE(yyyymmdd_valid("19000229"));
  CHECK_FALSE(yyyymmdd_valid("20230431"));
  CHECK_FALSE(yyyymmdd_valid("2023043"));
}
