// The data key and the sealed bodies (issue 24, items 5 and 7): a lost key is never silently
// replaced while sealed rows wait, and a sealed body opens only in the row it was sealed for.
#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "offline_store/store.hpp"
#include "tests/store/store_test_util.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using ow::store::test::draft;

namespace {
std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The body of `id` as stored, and a way to put other bytes there (what a disk editor could do).
std::string sealed_body(Store& s, const std::string& table, const std::string& id) {
  auto st = s.db().prepare("SELECT body_sealed FROM " + table + " WHERE id = ?1").value();
  st.bind(1, id);
  REQUIRE(st.step().value());
  return std::string(st.column_blob(0));
}
void set_sealed_body(Store& s, const std::string& table, const std::string& id, const std::string& bytes) {
  auto st = s.db().prepare("UPDATE " + table + " SET body_sealed = ?2 WHERE id = ?1").value();
  st.bind(1, id).bind_blob(2, bytes.data(), bytes.size());
  REQUIRE(st.run());
}

// The format every kiosk wrote before bodies were bound to their row: secretbox with the KDF's
// first subkey of store.key, nonce || MAC || ciphertext, no associated data.
std::string legacy_seal(const fs::path& key_file, const std::string& plain) {
  const std::string master = read_all(key_file);
  REQUIRE(master.size() == crypto_kdf_KEYBYTES);
  unsigned char key[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "OWSTORE1", reinterpret_cast<const unsigned char*>(master.data()));
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key);
  sodium_memzero(key, sizeof key);
  return out;
}
}  // namespace

TEST_CASE("data key: a missing store.key with sealed rows refuses to open instead of making a new key") {
  TempDir dir("keys-missing");
  {
    auto store = Store::open(dir.path).value();
    REQUIRE(store->commit(draft("k1")));
  }
  const std::string key_before = read_all(dir.path / "store.key");
  fs::remove(dir.path / "store.key");
  auto reopened = Store::open(dir.path);
  REQUIRE_FALSE(reopened);
  CHECK(reopened.error().code == StoreErrorCode::KeyMissing);
  CHECK(reopened.error().message.find("store.key") != std::string::npos);
  CHECK(reopened.error().message.find("sealed") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "store.key"));  // no new key was made to hide the loss

  // The key put back, everything reads again.
  {
    std::ofstream out(dir.path / "store.key", std::ios::binary);
    out << key_before;
  }
  fs::permissions(dir.path / "store.key", fs::perms::owner_read | fs::perms::owner_write);
  auto restored = Store::open(dir.path);
  REQUIRE(restored);
  CHECK((*restored)->begin_sending(ItemKind::Submission, "k1"));
}

TEST_CASE("data key: opened locked, the store refuses what needs the key, keeps the queue, and is whole again with the key back") {
  TempDir dir("keys-locked");
  {
    auto store = Store::open(dir.path).value();
    REQUIRE(store->commit(draft("k1")));
    REQUIRE(store->commit(draft("k2")));
  }
  const std::string key_before = read_all(dir.path / "store.key");
  fs::remove(dir.path / "store.key");
  StoreOptions options;
  options.data_dir = dir.path;
  options.open_locked = true;
  auto locked = Store::open(options);
  REQUIRE(locked);
  Store& s = **locked;
  CHECK(s.vault() == nullptr);
  CHECK(s.key_fault().find("store.key") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "store.key"));  // still no new key

  // What needs the key is refused with the reason; nothing is sealed, opened or purged.
  const auto refused = [&](const auto& result) {
    REQUIRE_FALSE(result);
    CHECK(result.error().code == StoreErrorCode::KeyMissing);
    CHECK(result.error().message == s.key_fault());
  };
  refused(s.commit(draft("k3")));
  refused(s.begin_sending(ItemKind::Submission, "k1"));
  refused(s.find_by_id_number("11010519491231002X"));
  refused(s.find_for_holder("k1", "11010519491231002X"));
  refused(s.purge(RetentionPolicy{}, unix_ms_now() + 10LL * 365 * 24 * 3600 * 1000));
  // What does not: the queue as the technician and the heartbeat see it.
  auto stats = s.stats(unix_ms_now());
  REQUIRE(stats);
  CHECK(stats->queue_depth == 2);
  CHECK(s.submission_count().value() == 2);
  locked->reset();

  {
    std::ofstream out(dir.path / "store.key", std::ios::binary);
    out << key_before;
  }
  fs::permissions(dir.path / "store.key", fs::perms::owner_read | fs::perms::owner_write);
  auto restored = Store::open(options);
  REQUIRE(restored);
  CHECK((*restored)->key_fault().empty());
  CHECK((*restored)->begin_sending(ItemKind::Submission, "k1"));
  CHECK((*restored)->begin_sending(ItemKind::Submission, "k2"));
}

TEST_CASE("data key: open_locked changes nothing when the key is there, or when nothing is sealed yet") {
  TempDir dir("keys-locked-none");
  StoreOptions options;
  options.data_dir = dir.path;
  options.open_locked = true;
  auto fresh = Store::open(options);
  REQUIRE(fresh);
  CHECK((*fresh)->vault() != nullptr);  // nothing sealed: a new key is made as before
  REQUIRE((*fresh)->commit(draft("n1")));
  fresh->reset();
  auto again = Store::open(options);
  REQUIRE(again);
  CHECK((*again)->key_fault().empty());
}

TEST_CASE("data key: an empty store (or one with only purged rows) still gets a new key") {
  TempDir dir("keys-empty");
  { REQUIRE(Store::open(dir.path)); }
  CHECK(fs::exists(dir.path / "store.key"));
  fs::remove(dir.path / "store.key");
  auto again = Store::open(dir.path);
  REQUIRE(again);
  CHECK(fs::exists(dir.path / "store.key"));
  REQUIRE((*again)->commit(draft("p1")));
  REQUIRE((*again)->begin_sending(ItemKind::Submission, "p1"));
  REQUIRE((*again)->ack(ItemKind::Submission, "p1", 201, "P1", "received", 1000));
  RetentionPolicy at_once;
  at_once.acked = std::chrono::seconds(0);
  REQUIRE((*again)->purge(at_once, 2000).value().acked == 1);
  again->reset();
  fs::remove(dir.path / "store.key");
  CHECK(Store::open(dir.path));  // purged rows hold no sealed body: nothing is lost
}

TEST_CASE("sealed bodies: two rows' bodies swapped on disk are detected as tampered") {
  TempDir dir("keys-swap");
  auto store = Store::open(dir.path).value();
  auto a = draft("swap-a");
  a.form_json = R"({"phone":"13800000001"})";
  auto b = draft("swap-b");
  b.form_json = R"({"phone":"13800000002"})";
  REQUIRE(store->commit(a));
  REQUIRE(store->commit(b));
  const std::string body_a = sealed_body(*store, "submissions", "swap-a");
  const std::string body_b = sealed_body(*store, "submissions", "swap-b");
  set_sealed_body(*store, "submissions", "swap-a", body_b);
  set_sealed_body(*store, "submissions", "swap-b", body_a);
  auto sent = store->begin_sending(ItemKind::Submission, "swap-a");
  REQUIRE_FALSE(sent);
  CHECK(sent.error().code == StoreErrorCode::Corrupt);
  CHECK(sent.error().message.find("another row") != std::string::npos);
  // Put back, each opens in its own row.
  set_sealed_body(*store, "submissions", "swap-a", body_a);
  auto ok = store->begin_sending(ItemKind::Submission, "swap-a");
  REQUIRE(ok);
  CHECK(ok->body.find("13800000001") != std::string::npos);
}

TEST_CASE("sealed bodies: an evaluation's body does not open as a submission's of the same id") {
  TempDir dir("keys-table");
  auto store = Store::open(dir.path).value();
  REQUIRE(store->commit(draft("same")));
  EvaluationDraft rating;
  rating.id = "same";
  rating.submission_id = "same";
  rating.created_at = "2026-11-22T10:00:00+08:00";
  REQUIRE(store->add_evaluation(rating));
  set_sealed_body(*store, "submissions", "same", sealed_body(*store, "evaluations", "same"));
  auto sent = store->begin_sending(ItemKind::Submission, "same");
  REQUIRE_FALSE(sent);
  CHECK(sent.error().code == StoreErrorCode::Corrupt);
}

TEST_CASE("sealed bodies: a row in the old format still reads, and is re-sealed in the new one when written") {
  TempDir dir("keys-legacy");
  auto store = Store::open(dir.path).value();
  REQUIRE(store->commit(draft("old-1")));
  const std::string plain = R"({"id":"old-1","legacy":true})";
  const std::string legacy = legacy_seal(dir.path / "store.key", plain);
  set_sealed_body(*store, "submissions", "old-1", legacy);
  auto sent = store->begin_sending(ItemKind::Submission, "old-1");
  REQUIRE(sent);
  CHECK(sent->body == plain);
  const std::string migrated = sealed_body(*store, "submissions", "old-1");
  CHECK(migrated != legacy);
  // Bound to its row now: moved to another row it no longer opens.
  REQUIRE(store->commit(draft("old-2")));
  set_sealed_body(*store, "submissions", "old-2", migrated);
  CHECK_FALSE(store->begin_sending(ItemKind::Submission, "old-2"));
  // And still reads in its own row.
  REQUIRE(store->recover_interrupted());
  auto again = store->begin_sending(ItemKind::Submission, "old-1");
  REQUIRE(again);
  CHECK(again->body == plain);
}

TEST_CASE("data key: a systemd credential is preferred to the key file, and the store says which it used") {
  TempDir dir("keys-cred");
  const fs::path creds = dir.path / "credentials";
  fs::create_directories(creds);
  {
    auto first = Store::open(dir.path / "data").value();  // makes the key file
    CHECK(first->vault()->protection() == KeyProtection::File);
    CHECK(protection_name(first->vault()->protection()) == "file");
  }
  // The credential holds another key: a store opened with it reads what it sealed, and only that.
  {
    std::ofstream out(creds / "store.key", std::ios::binary);
    std::string key(crypto_kdf_KEYBYTES, '\0');
    crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
    out << key;
  }
  fs::permissions(creds / "store.key", fs::perms::owner_read);
  StoreOptions with_cred;
  with_cred.data_dir = dir.path / "data2";
  with_cred.credentials_dir = creds;
  {
    auto store = Store::open(with_cred).value();
    CHECK(store->vault()->protection() == KeyProtection::Credential);
    CHECK(protection_name(store->vault()->protection()) == "tpm2");
    REQUIRE(store->commit(draft("c1")));
  }
  CHECK_FALSE(fs::exists(with_cred.data_dir / "store.key"));  // no clear key written beside the data
  StoreOptions file_only;
  file_only.data_dir = with_cred.data_dir;
  file_only.key_file = creds / "store.key";
  auto by_file = Store::open(file_only).value();
  CHECK(by_file->begin_sending(ItemKind::Submission, "c1"));
  // A credentials directory without store.key (the unit found no credential): the key file, reported so.
  StoreOptions empty_dir;
  empty_dir.data_dir = dir.path / "data";
  empty_dir.credentials_dir = dir.path / "no-such";
  CHECK(Store::open(empty_dir).value()->vault()->protection() == KeyProtection::File);
}

namespace {
// The kernel's flags of the mapping that holds `p` (/proc/self/smaps "VmFlags:"), e.g. "rd wr mr mw me lo dd".
std::string vm_flags_of(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  const auto addr = reinterpret_cast<std::uintptr_t>(p);
  while (std::getline(smaps, line)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > line.find(' ')) inside = addr >= lo && addr < hi;
    if (inside && line.rfind("VmFlags:", 0) == 0) return line.substr(8) + " ";
  }
  return {};
}

std::vector<unsigned char> wiped_bytes;
void remember_wiped(const unsigned char* p, std::size_t n) { wiped_bytes.assign(p, p + n); }
}  // namespace

TEST_CASE("vault: the subkeys are locked in RAM, left out of core dumps and zeroed when the vault goes") {
  TempDir dir("keys-memory");
  auto store = Store::open(dir.path).value();
  const KeyPage& keys = store->vault()->key_memory();
  const std::string flags = vm_flags_of(keys.data());
  INFO("VmFlags: " << flags);
  CHECK(flags.find(" dd ") != std::string::npos);  // MADV_DONTDUMP
  CHECK(flags.find(" lo ") != std::string::npos);  // mlock
  bool all_zero = true;
  for (std::size_t i = 0; i < keys.size(); ++i) all_zero = all_zero && keys.data()[i] == 0;
  CHECK_FALSE(all_zero);

  KeyPage::on_wiped_for_test = remember_wiped;
  wiped_bytes.clear();
  store.reset();
  KeyPage::on_wiped_for_test = nullptr;
  REQUIRE(wiped_bytes.size() == 64);
  CHECK(std::all_of(wiped_bytes.begin(), wiped_bytes.end(), [](unsigned char c) { return c == 0; }));
}
