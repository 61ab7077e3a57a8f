// A receipt number alone shows nothing: the store answers only for the holder, known by the whole
// ID number (the card) or its last four characters, and says the same for a wrong holder as for no
// submission at all. The four characters are kept only as a keyed hash bound to the submission.
#include <doctest/doctest.h>

#include "offline_store/holder.hpp"
#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

using namespace ow::store;
using ow::store::test::draft_with_scan;
using ow::store::test::FreshStore;

TEST_CASE("holder: the last four characters or the whole number find the submission, nothing else does") {
  FreshStore store("holder");
  auto d = draft_with_scan("h1", "scan-h1");
  d.id_number = "11010519491231002X";
  const auto receipt = store->commit(d).value().local_receipt_no;
  CHECK(store->find_for_holder(receipt, "002X").value());
  CHECK(store->find_for_holder(receipt, "002x").value());  // typed in lower case
  CHECK(store->find_for_holder(receipt, "11010519491231002X").value());
  CHECK_FALSE(store->find_for_holder(receipt, "0021").value());
  CHECK_FALSE(store->find_for_holder(receipt, "").value());
  CHECK_FALSE(store->find_for_holder(receipt, "1231002X").value());  // neither the whole number nor four
  CHECK_FALSE(store->find_for_holder(receipt, "11010119800101002X").value());  // another card, the same last four
  CHECK_FALSE(store->find_for_holder("0001632600099", "002X").value());  // no such number: the same answer

  // Only hashes are stored: not the number, not its last four characters.
  auto row = store->db().prepare("SELECT id_hash, id_tail_hash FROM submissions WHERE id = 'h1'");
  REQUIRE(row);
  REQUIRE(row->step().value());
  CHECK(row->column_text(0).find("002X") == std::string::npos);
  CHECK(row->column_text(1) == holder_tail_hash(*store->vault(), "h1", "002X"));
  CHECK(row->column_text(1) != holder_tail_hash(*store->vault(), "h2", "002X"));  // bound to its submission
}

TEST_CASE("holder: a purged submission still answers its holder, who can then ask the platform") {
  FreshStore store("holder-purged");
  auto d = draft_with_scan("h1", "scan-h1");
  const auto receipt = store->commit(d).value().local_receipt_no;
  REQUIRE(store->begin_sending(ItemKind::Submission, "h1"));
  REQUIRE(store->ack(ItemKind::Submission, "h1", 201, "P-h1", "received", 1000));
  RetentionPolicy policy;
  policy.acked = std::chrono::seconds(0);
  REQUIRE(store->purge(policy, 2000).value().acked == 1);
  auto found = store->find_for_holder(receipt, "1234").value();  // draft_with_scan's 110101199003071234
  REQUIRE(found);
  CHECK(found->state == OutboxState::Purged);
  CHECK(found->platform_receipt_no == "P-h1");
  // The card: its hash is gone with the purge, so its last four characters are compared.
  CHECK(store->find_for_holder(receipt, "110101199003071234").value());
}

TEST_CASE("holder: the last four of an ID number") {
  CHECK(id_number_tail("11010519491231002x") == "002X");
  CHECK(id_number_tail(" 1101 0519 4912 3100 2X ") == "002X");
  CHECK(id_number_tail("12").empty());
}
