// The sync engine's catalog poll against the emulator: a published package is handed over once,
// then 304; a refused one comes again; a newer one is handed over; the remembered ETag survives a
// restart; an oversized answer is an error that does not hold up submissions.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>

#include "offline_store/sync_engine.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;

namespace {
struct Delivery {
  std::string bytes, etag;
};

// Owner stand-in: records every package and stages it unless told to refuse.
struct Owner {
  std::mutex mutex;
  std::vector<Delivery> got;
  bool refuse = false;

  CatalogVerdict take(std::string bytes, const std::string& etag) {
    std::lock_guard lock(mutex);
    got.push_back({std::move(bytes), etag});
    if (refuse) return tl::unexpected(std::string("signature does not match the pinned key"));
    return {};
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return got.size();
  }
};

SyncConfig config_for(const fs::path& data, const Emulator& emu, Owner& owner) {
  SyncConfig sc;
  sc.store.data_dir = data;
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint();
  sc.kiosk_id = "K1";
  sc.backoff_base = std::chrono::milliseconds(1);
  sc.backoff_cap = std::chrono::milliseconds(5);
  sc.catalog_poll_interval = std::chrono::seconds(60);
  sc.on_catalog = [&owner](std::string bytes, const std::string& etag) { return owner.take(std::move(bytes), etag); };
  return sc;
}

void publish(const Emulator& emu, const std::string& bytes) {
  auto client = PlatformClient::create(emu.endpoint()).value();
  const auto a = client->request("PUT", "/v1/catalog", bytes, {"Content-Type: application/octet-stream"});
  REQUIRE(a.reached());
  REQUIRE(a.status / 100 == 2);
}

std::string package_bytes(char fill, std::size_t n) {
  std::string s = "OWCATPKG";
  s.append(n, fill);
  return s;
}
}  // namespace

TEST_CASE("catalog poll: delivered once, 304 after staging, refused packages come again, newer ones are delivered") {
  const auto dir = fresh_dir("catalog");
  Emulator emu({}, dir, true);
  Owner owner;
  auto config = config_for(dir / "kiosk", emu, owner);
  // The poll interval is timed by the steady clock: both clocks follow t.
  std::int64_t t = unix_ms_now();
  config.wall_now_ms = [&t] { return t; };
  config.steady_now = [&t, t0 = t, s0 = std::chrono::steady_clock::now()] { return s0 + std::chrono::milliseconds(t - t0); };
  auto pass = SyncPass::open(config).value();

  // Nothing published yet: fine, nothing handed over.
  pass->run(t);
  CHECK(owner.count() == 0);
  REQUIRE(pass->status().last_catalog);
  CHECK(pass->status().last_catalog->ok);
  CHECK(pass->status().last_catalog->detail == "no catalog published");

  const std::string v1 = package_bytes('a', 5000);
  publish(emu, v1);
  pass->run(t += 1000);
  CHECK_MESSAGE(owner.count() == 0, "polled before the interval was up");
  pass->run(t += 60000);
  REQUIRE(owner.count() == 1);
  CHECK(owner.got[0].bytes == v1);
  CHECK_FALSE(owner.got[0].etag.empty());
  CHECK(pass->status().last_catalog->ok);
  CHECK(pass->status().last_catalog->at_ms == t);
  CHECK(pass->status().last_catalog->detail.find("staged") != std::string::npos);

  pass->run(t += 60000);
  CHECK_MESSAGE(owner.count() == 1, "a staged package was handed over again");
  CHECK(pass->status().last_catalog->detail == "unchanged");

  // The ETag is remembered in the store: a restarted engine is told 304 too.
  pass.reset();
  pass = SyncPass::open(config).value();
  pass->run(t += 1000);
  CHECK(owner.count() == 1);
  CHECK(pass->status().last_catalog->detail == "unchanged");

  // A package the kiosk refuses is not remembered as seen.
  const std::string v2 = package_bytes('b', 6000);
  publish(emu, v2);
  owner.refuse = true;
  pass->run(t += 60000);
  REQUIRE(owner.count() == 2);
  CHECK(owner.got[1].bytes == v2);
  CHECK(owner.got[1].etag != owner.got[0].etag);
  CHECK_FALSE(pass->status().last_catalog->ok);
  CHECK(pass->status().last_catalog->detail.find("pinned key") != std::string::npos);
  pass->run(t += 60000);
  REQUIRE(owner.count() == 3);
  CHECK(owner.got[2].bytes == v2);

  // Accepted this time; then a newer publication is delivered, and after it 304 again.
  owner.refuse = false;
  pass->run(t += 60000);
  REQUIRE(owner.count() == 4);
  pass->run(t += 60000);
  CHECK(owner.count() == 4);
  const std::string v3 = package_bytes('c', 7000);
  publish(emu, v3);
  pass->run(t += 60000);
  REQUIRE(owner.count() == 5);
  CHECK(owner.got[4].bytes == v3);
  pass->run(t += 60000);
  CHECK(owner.count() == 5);

  // A technician's refetch forgets the ETag: the current package comes once more.
  pass->refetch_catalog();
  pass->run(t += 1000);
  REQUIRE(owner.count() == 6);
  CHECK(owner.got[5].bytes == v3);
  fs::remove_all(dir);
}

TEST_CASE("catalog poll: an oversized package is an error, not delivered, and submissions still go") {
  const auto dir = fresh_dir("catalog-big");
  Emulator emu({}, dir, true);
  Owner owner;
  auto config = config_for(dir / "kiosk", emu, owner);
  config.catalog_max_bytes = 4096;
  publish(emu, package_bytes('z', 20000));
  {
    auto store = Store::open(dir / "kiosk").value();
    SubmissionDraft d;
    d.id = "cat-big-1";
    d.kiosk_id = "K1";
    d.created_at = "2026-11-22T10:00:00+08:00";
    d.matter_code = "M1";
    d.catalog_version = "3";
    REQUIRE(store->commit(d));
  }
  auto pass = SyncPass::open(config).value();
  pass->run(unix_ms_now());
  CHECK(owner.count() == 0);
  REQUIRE(pass->status().last_catalog);
  CHECK_FALSE(pass->status().last_catalog->ok);
  CHECK(pass->status().last_catalog->detail.find("larger than 4096 bytes") != std::string::npos);
  CHECK(pass->status().queue_depth == 0);
  auto entry = pass->store().find("cat-big-1").value();
  REQUIRE(entry);
  CHECK(entry->state == OutboxState::Acked);
  fs::remove_all(dir);
}

TEST_CASE("catalog poll on the engine thread: right after start, shown in the status, refetch on request") {
  const auto dir = fresh_dir("catalog-engine");
  Emulator emu({}, dir, true);
  Owner owner;
  const std::string v1 = package_bytes('e', 3000);
  publish(emu, v1);
  auto config = config_for(dir / "kiosk", emu, owner);
  config.catalog_poll_interval = std::chrono::seconds(3600);
  std::atomic<int> status_calls{0};
  config.on_status = [&](const SyncStatus&) { ++status_calls; };
  auto engine = SyncEngine::start(config).value();
  auto wait_for = [&](std::size_t n) {
    for (int i = 0; i < 500 && owner.count() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return owner.count();
  };
  REQUIRE(wait_for(1) == 1);
  for (int i = 0; i < 200 && !engine->status().last_catalog; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(engine->status().last_catalog);
  CHECK(engine->status().last_catalog->ok);
  CHECK(status_calls > 0);
  engine->refetch_catalog();
  REQUIRE(wait_for(2) == 2);
  {
    std::lock_guard lock(owner.mutex);
    CHECK(owner.got[1].bytes == v1);
  }
  engine.reset();
  fs::remove_all(dir);
}
