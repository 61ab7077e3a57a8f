#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;
using ow::store::test::draft_with_scan;
using ow::store::test::fresh_dir;
using ow::store::test::FreshStore;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("commit numbers receipts per kiosk and day, and survives reopening") {
  const auto dir = fresh_dir("commit");
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    auto a = (*store)->commit(draft("a"));
    auto b = (*store)->commit(draft("b"));
    auto c = (*store)->commit(draft("c", "2026-11-23T09:00:00+08:00"));
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    // Kiosk 0001, 2026 day 326 (22 November), the day's first and second; then day 327's first.
    CHECK(a->local_receipt_no == "0001632600017");
    CHECK(b->local_receipt_no == "0001632600025");
    CHECK(c->local_receipt_no == "0001632700011");
  }
  auto reopened = Store::open(dir);
  REQUIRE(reopened);
  CHECK((*reopened)->submission_count().value() == 3);
  CHECK((*reopened)->has_submission("b").value());
  CHECK_FALSE((*reopened)->has_submission("zz").value());
  auto found = (*reopened)->find("0001632600025");
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->id == "b");
  CHECK((*found)->state == OutboxState::Pending);
  fs::remove_all(dir);
}

TEST_CASE("a duplicate submission id is refused and nothing half-written remains") {
  const auto dir = fresh_dir("dup");
  auto store = Store::open(dir);
  REQUIRE(store);
  REQUIRE((*store)->commit(draft("same")));
  auto again = (*store)->commit(draft_with_scan("same", "a scan only the refused one has"));
  REQUIRE_FALSE(again);
  CHECK(again.error().code == StoreErrorCode::Invalid);
  CHECK((*store)->submission_count().value() == 1);
  // The refused submission's attachment file went with it.
  CHECK((*store)->blob_dir().list().empty());
  // The failed transaction rolled back its sequence number too.
  auto next = (*store)->commit(draft("other"));
  REQUIRE(next);
  CHECK(next->local_receipt_no == "0001632600025");
  fs::remove_all(dir);
}

TEST_CASE("an unwritable data dir is an error value, not a crash") {
  auto store = Store::open("/proc/ow-cannot-exist/data");
  CHECK_FALSE(store);
}

TEST_CASE("personal data is sealed at rest: no plaintext in the database or the attachment files") {
  const auto dir = fresh_dir("sealed");
  const std::string scan = "SCAN-BYTES-OF-AN-ID-CARD-COPY";
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    REQUIRE((*store)->commit(draft_with_scan("s1", scan)));
    auto blobs = (*store)->blobs_of("s1");
    REQUIRE(blobs);
    REQUIRE(blobs->size() == 2);  // the scan and the signature
    CHECK(blobs->front() == sha256_hex(scan));
    // The blob reads back as the plaintext, by its hash.
    CHECK((*store)->read_blob(sha256_hex(scan)).value() == scan);
  }
  std::string everything = slurp(dir / "kiosk.db") + slurp(dir / "kiosk.db-wal");
  for (const auto& f : fs::directory_iterator(dir / "blobs")) everything += slurp(f.path());
  CHECK_FALSE(contains(everything, "110101199003071234"));
  CHECK_FALSE(contains(everything, "张三"));
  CHECK_FALSE(contains(everything, "13800000000"));
  CHECK_FALSE(contains(everything, scan));
  CHECK_FALSE(contains(everything, "PNG-signature"));
  CHECK_FALSE(contains(everything, "天河路100号"));  // the mail address is sealed like the rest
  struct stat st {};
  REQUIRE(::stat((dir / "store.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  fs::remove_all(dir);
}

TEST_CASE("a key file readable by others is refused; another key cannot read the records") {
  const auto dir = fresh_dir("key");
  {
    auto store = Store::open(dir);
    REQUIRE(store);
    REQUIRE((*store)->commit(draft_with_scan("k1", "scan")));
  }
  ::chmod((dir / "store.key").c_str(), 0644);
  auto loose = Store::open(dir);
  REQUIRE_FALSE(loose);
  CHECK(loose.error().code == StoreErrorCode::Invalid);
  ::chmod((dir / "store.key").c_str(), 0600);

  // Another kiosk's key (made by an empty store: over sealed rows no new key is made).
  StoreOptions other;
  other.data_dir = dir / "elsewhere";
  other.key_file = dir / "other.key";
  REQUIRE(Store::open(other));
  other.data_dir = dir;
  auto wrong = Store::open(other);
  REQUIRE(wrong);
  auto sending = (*wrong)->begin_sending(ItemKind::Submission, "k1");
  REQUIRE_FALSE(sending);
  CHECK(sending.error().code == StoreErrorCode::Corrupt);
  CHECK((*wrong)->read_blob(sha256_hex("scan")).error().code == StoreErrorCode::Corrupt);
  fs::remove_all(dir);
}

TEST_CASE("lookup by ID number uses the keyed hash and ignores spacing and case of X") {
  const FreshStore store("lookup");
  auto d = draft("x1");
  d.id_number = "11010119900307123X";
  REQUIRE(store->commit(d));
  REQUIRE(store->commit(draft("x2")));
  auto hits = store->find_by_id_number("110101 19900307123x");
  REQUIRE(hits);
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().id == "x1");
  CHECK(store->find_by_id_number("110101199003071230").value().empty());
}

TEST_CASE("the request body is built once and is the same bytes on every attempt") {
  const FreshStore store("body");
  auto with_licence = draft_with_scan("b1", "scan-b1");
  with_licence.licences["HOUSEHOLD"] = "居民户口簿";
  REQUIRE(store->commit(with_licence));
  auto first = store->begin_sending(ItemKind::Submission, "b1");
  REQUIRE(first);
  REQUIRE(store->retry_later(ItemKind::Submission, "b1", 503, "busy", 0, 1));
  auto second = store->begin_sending(ItemKind::Submission, "b1");
  REQUIRE(second);
  CHECK(first->body == second->body);
  const auto body = nlohmann::json::parse(first->body);
  CHECK(body["id"] == "b1");
  CHECK(body["matter_code"] == "M1");
  CHECK(body["materials"]["ID_COPY"][0] == sha256_hex("scan-b1"));
  CHECK(body["signature"] == sha256_hex("PNG-signature-b1"));
  CHECK(body["applicant"]["name"] == "张三");
  CHECK(body["materials"]["HOUSEHOLD"][0]["licence"] == "居民户口簿");
  CHECK(body["delivery"]["method"] == "mail");
  CHECK(body["delivery"]["address"] == "天河路100号");
  CHECK(second->attempts == 1);
}

TEST_CASE("invalid drafts are refused before anything is written") {
  const FreshStore store("invalid");
  auto bad = draft_with_scan("i1", "scan");
  bad.form_json = "{not json";
  CHECK(store->commit(bad).error().code == StoreErrorCode::Invalid);
  auto bad_delivery = draft_with_scan("i2", "scan");
  bad_delivery.delivery_json = "{\"method\":";
  CHECK(store->commit(bad_delivery).error().code == StoreErrorCode::Invalid);
  auto nameless = draft("");
  CHECK_FALSE(store->commit(nameless));
  // Not UTF-8: refused as a value (the body could not be written), not thrown.
  auto garbled = draft_with_scan(std::string("i3-\xff\xfe"), "scan");
  auto refused = store->commit(garbled);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == StoreErrorCode::Invalid);
  CHECK(store->submission_count().value() == 0);
  CHECK(store->blob_dir().list().empty());
}

TEST_CASE("the draft's JSON parts go into the body as given, spacing and all, and still parse") {
  const FreshStore store("splice");
  auto d = draft("sp1");
  d.form_json = " {\n  \"phone\" : \"13800000000\",\n  \"note\": \"换行\\n与引号\\\"\"\n} ";
  d.prereview_json = "[1, 2]";
  d.delivery_json = "\"window\"";
  REQUIRE(store->commit(d));
  const auto sending = store->begin_sending(ItemKind::Submission, "sp1");
  REQUIRE(sending);
  const auto body = nlohmann::json::parse(sending->body);
  CHECK(body["form"]["phone"] == "13800000000");
  CHECK(body["form"]["note"] == "换行\n与引号\"");
  CHECK(body["prereview"] == nlohmann::json::array({1, 2}));
  CHECK(body["delivery"] == "window");
  CHECK(body["applicant"] == nlohmann::json::object());
  CHECK(body["id"] == "sp1");
  CHECK(body["matter_code"] == "M1");
  CHECK(body["materials"] == nlohmann::json::object());
}

TEST_CASE("the same scan twice in one submission is one file with two attachment rows") {
  const FreshStore store("twice");
  auto d = draft_with_scan("tw1", "the same page scanned twice");
  d.materials.push_back({"HOUSEHOLD", "the same page scanned twice"});
  d.materials.push_back({"OTHER", "another page"});
  REQUIRE(store->commit(d));
  const auto shas = store->blobs_of("tw1").value();
  REQUIRE(shas.size() == 4);  // with draft_with_scan's signature
  CHECK(shas[0] == shas[1]);
  const auto files = store->blob_dir().list();
  CHECK(std::set<std::string>(files.begin(), files.end()) == std::set<std::string>(shas.begin(), shas.end()));
  CHECK(store->read_blob(shas[2]).value() == "another page");
}

TEST_CASE("a bundle's submission names it as bundle_code, not matter_code (Platform API v1)") {
  const FreshStore store("bundle");
  auto d = draft("nb1");
  d.matter_code = "B_NEWBORN";
  d.is_bundle = true;
  REQUIRE(store->commit(d));
  auto sending = store->begin_sending(ItemKind::Submission, "nb1");
  REQUIRE(sending);
  const auto body = nlohmann::json::parse(sending->body);
  CHECK(body["bundle_code"] == "B_NEWBORN");
  CHECK_FALSE(body.contains("matter_code"));
  auto listed = store->list(std::nullopt, 10);
  REQUIRE(listed);
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().matter_code == "B_NEWBORN");
}

TEST_CASE("the same scan in two submissions is one file, and no temp file is left behind") {
  // The blob's name is known only after its bytes are written, so the second commit writes a temp
  // file that it must drop again, keeping the first file.
  const auto dir = fresh_dir("dedupe");
  const std::string scan = "SCAN-BYTES-SHARED-BY-TWO-SUBMISSIONS";
  auto store = Store::open(dir);
  REQUIRE(store);
  REQUIRE((*store)->commit(draft_with_scan("d1", scan)));
  const auto first = fs::last_write_time(dir / "blobs" / sha256_hex(scan));
  REQUIRE((*store)->commit(draft_with_scan("d2", scan)));
  CHECK(fs::last_write_time(dir / "blobs" / sha256_hex(scan)) == first);
  CHECK((*store)->blobs_of("d2").value().front() == sha256_hex(scan));
  std::size_t files = 0;
  for (const auto& f : fs::directory_iterator(dir / "blobs")) {
    ++files;
    CHECK_MESSAGE(f.path().filename().string().rfind(".tmp-", 0) != 0, f.path().filename().string());
  }
  CHECK(files == 3);  // the shared scan and each submission's own signature
  CHECK((*store)->read_blob(sha256_hex(scan)).value() == scan);
  fs::remove_all(dir);
}
