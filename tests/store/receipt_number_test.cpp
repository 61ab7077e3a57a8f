// The 受理编号: made from kiosk, day and sequence with a Damm check digit; every single wrong digit
// and every swap of neighbouring digits is caught; a number maps back to the store's row keys.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "offline_store/receipt_number.hpp"
#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::fresh_dir;

TEST_CASE("a receipt number is kiosk, year digit, day of year, sequence and a check digit") {
  CHECK(make_receipt_number(1, "20261122", 1) == "0001632600017");
  CHECK(make_receipt_number(1, "20261122", 2) == "0001632600025");
  CHECK(make_receipt_number(2, "20261122", 1) == "0002632600018");  // another kiosk, the same day
  CHECK(make_receipt_number(1, "20240229", 5) == "0001406000057");  // a leap day is day 60
  CHECK(make_receipt_number(1, "20261231", 1) == "0001636500015");
  CHECK(make_receipt_number(9999, "20261231", 9999) == "9999636599994");
  CHECK(make_receipt_number(0, "20261206", 1) == "0000634000019");
  for (const auto& n : {"0001632600017", "9999636599994", "0000634000019"}) CHECK(check_receipt_number(n) == ReceiptNumberCheck::Valid);

  CHECK_FALSE(make_receipt_number(-1, "20261122", 1));
  CHECK_FALSE(make_receipt_number(10000, "20261122", 1));
  CHECK_FALSE(make_receipt_number(1, "20261122", 0));
  CHECK_FALSE(make_receipt_number(1, "20261122", 10000));
  CHECK_FALSE(make_receipt_number(1, "20261131", 1));  // no 31 November
  CHECK_FALSE(make_receipt_number(1, "20250229", 1));
  CHECK_FALSE(make_receipt_number(1, "2026-11-2", 1));
  CHECK_FALSE(make_receipt_number(1, "", 1));
}

TEST_CASE("the check digit catches every single wrong digit and every swap of neighbours") {
  // A spread of numbers: several kiosks, days and sequences.
  int numbers = 0, swaps = 0;
  for (int kiosk : {0, 1, 37, 1234, 9999})
    for (const char* day : {"20260101", "20261122", "20281231", "20240229"})
      for (int seq : {1, 9, 10, 99, 1000, 4711, 9999}) {
        const std::string n = make_receipt_number(kiosk, day, seq).value();
        REQUIRE(n.size() == kReceiptDigits);
        REQUIRE(check_receipt_number(n) == ReceiptNumberCheck::Valid);
        ++numbers;
        for (std::size_t i = 0; i < n.size(); ++i)
          for (char d = '0'; d <= '9'; ++d) {
            if (d == n[i]) continue;
            std::string typo = n;
            typo[i] = d;
            CHECK_MESSAGE(check_receipt_number(typo) == ReceiptNumberCheck::Wrong, typo);
          }
        for (std::size_t i = 0; i + 1 < n.size(); ++i) {
          if (n[i] == n[i + 1]) continue;
          std::string swapped = n;
          std::swap(swapped[i], swapped[i + 1]);
          CHECK_MESSAGE(check_receipt_number(swapped) == ReceiptNumberCheck::Wrong, swapped);
          ++swaps;
        }
      }
  CHECK(numbers == 140);
  CHECK(swaps > 500);
}

TEST_CASE("other numbers are not receipt numbers; a day or sequence that cannot be is wrong") {
  CHECK(check_receipt_number("P2026112200001") == ReceiptNumberCheck::NotShort);
  CHECK(check_receipt_number("KIOSK-DEV-0001-20261206-0001") == ReceiptNumberCheck::NotShort);
  CHECK(check_receipt_number("000163260001") == ReceiptNumberCheck::NotShort);     // a digit short
  CHECK(check_receipt_number("00016326000170") == ReceiptNumberCheck::NotShort);   // one too many
  CHECK(check_receipt_number("0001 6326 0001 7") == ReceiptNumberCheck::NotShort);  // typed as digits only
  CHECK(check_receipt_number("") == ReceiptNumberCheck::NotShort);
  // Check digits that fit, but day 000, day 367, day 366 of a year ending in 9 (never a leap year)
  // and sequence 0000 are never given (the last found by fuzzing).
  for (std::string body : {"000160000001", "000163670001", "000193660001", "000163260000"}) {
    body += damm_check_digit(body);
    CHECK_MESSAGE(check_receipt_number(body) == ReceiptNumberCheck::Wrong, body);
  }
}

TEST_CASE("receipt numbers are read in groups of four; other text is left as it is") {
  CHECK(group_receipt_number("0001632600017") == "0001 6326 0001 7");
  CHECK(group_receipt_number("KIOSK-DEV-0001-20261206-0001") == "KIOSK-DEV-0001-20261206-0001");
  CHECK(group_receipt_number("P2026112200001") == "P2026112200001");
  CHECK(group_digits("000163") == "0001 63");
  CHECK(group_digits("") == "");
}

TEST_CASE("a number maps to the row keys it can have: one day per decade, or an old number's one") {
  CHECK(receipt_row_keys("K1-20261122-0007") == std::vector<std::int64_t>{20261122000007});
  const auto keys = receipt_row_keys("0001632600025");  // year ending in 6, day 326, the second
  REQUIRE(keys.size() == 8);                             // 2026, 2036, … 2096
  CHECK(keys.front() == 20261122000002);
  CHECK(keys[1] == 20361121000002);  // 2036 is a leap year: day 326 is 21 November
  CHECK(keys.back() == 20961121000002);
  // Day 366 exists only in leap years ending in 4: 2024, 2044, 2064, 2084 (not 2034, …).
  std::string leap = "000143660001";
  leap += damm_check_digit(leap);
  CHECK(receipt_row_keys(leap) == std::vector<std::int64_t>{20241231000001, 20441231000001, 20641231000001, 20841231000001});
  CHECK(receipt_row_keys("0001936687142").empty());  // day 366 of a year ending in 9
  CHECK(receipt_row_keys("0001632600026").empty());  // wrong check digit
  CHECK(receipt_row_keys("P2026112200001").empty());
  CHECK(receipt_row_keys("").empty());
}

TEST_CASE("commits number per kiosk number and day, unique, found by receipt number and old numbers too") {
  const auto dir = fresh_dir("receipt_number");
  auto store = Store::open(dir).value();
  std::set<std::string> seen;
  for (int i = 1; i <= 30; ++i) {
    const auto r = store->commit(draft("d" + std::to_string(i))).value();
    CHECK(r.local_receipt_no == make_receipt_number(1, "20261122", i));
    CHECK(seen.insert(r.local_receipt_no).second);
  }
  auto other = draft("k2");
  other.kiosk_number = 2;
  CHECK(store->commit(other).value().local_receipt_no == make_receipt_number(2, "20261122", 31));
  CHECK(store->find("0001632600025").value()->id == "d2");
  CHECK_FALSE(store->find("0001632600026").value());  // one digit off: no row
  CHECK_FALSE(store->find(make_receipt_number(2, "20261122", 2).value()).value());  // the same key, another kiosk
  // A row an older version committed keeps its number and is found by it; the day goes on counting.
  REQUIRE(store->db().exec("INSERT INTO submissions(receipt_key, id, local_receipt_no, kiosk_id, created_at, matter_code,"
                           " catalog_version, committed_ms, next_attempt_ms) VALUES(20261123000001, 'old',"
                           " 'KIOSK-DEV-0001-20261123-0001', 'KIOSK-DEV-0001', '2026-11-23T09:00:00+08:00', 'M1', '1', 1, 1)"));
  CHECK(store->find("KIOSK-DEV-0001-20261123-0001").value()->id == "old");
  CHECK(store->commit(draft("new", "2026-11-23T10:00:00+08:00")).value().local_receipt_no == "0001632700022");
  CHECK(store->find("0001632700022").value()->id == "new");
  // The operator's retry takes either kind of number too.
  CHECK(store->retry_now("KIOSK-DEV-0001-20261123-0001", 5));
  CHECK(store->retry_now("0001632700022", 5));
  CHECK(store->retry_now("0001632700020", 5).error().code == StoreErrorCode::NotFound);
  // A kiosk number out of range is refused, not wrapped.
  auto bad = draft("bad");
  bad.kiosk_number = 10000;
  CHECK(store->commit(bad).error().code == StoreErrorCode::Invalid);
  std::filesystem::remove_all(dir);
}
