// Crash: a sync process draining the outbox is killed with SIGKILL at random moments, more than
// 200 times; after one clean run nothing is lost, nothing duplicated, no attachment file orphaned.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "offline_store/store.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;

namespace {
pid_t spawn_child(const fs::path& data, const std::string& url, int seconds) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    const std::string secs = std::to_string(seconds);
    ::execl(OW_SYNC_CRASH_CHILD, OW_SYNC_CRASH_CHILD, data.c_str(), url.c_str(), secs.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}
}  // namespace

TEST_CASE("≥200 SIGKILLs of the sync process while it drains lose, duplicate and orphan nothing") {
  const auto dir = fresh_dir("crash");
  // A little latency keeps requests in flight, so kills often land between sending and the answer.
  Emulator emu({"--fail-rate", "0.05", "--retry-after", "0", "--drop-rate", "0.05", "--commit-then-drop", "0.1",
                "--latency", "1", "--seed", "11"},
               dir, true);
  const fs::path data = dir / "kiosk";
  constexpr int kCount = 1000;
  std::set<std::string> ids;
  {
    StoreOptions o;
    o.data_dir = data;
    auto store = Store::open(o).value();
    for (int i = 0; i < kCount; ++i) {
      SubmissionDraft d;
      d.id = "crash-" + std::to_string(i);
      d.kiosk_id = "K1";
      d.created_at = "2026-11-22T11:00:00+08:00";
      d.matter_code = "M1";
      d.catalog_version = "12";
      if (i % 4 == 0) d.materials.push_back({"PHOTO", "photo bytes " + std::to_string(i)});
      REQUIRE(store->commit(d));
      ids.insert(d.id);
    }
  }

  std::mt19937 rng(20261122);
  // The child needs ~10 ms to load and open the store; kills fall before, during and after that.
  std::uniform_int_distribution<int> delay_us(2000, 50000);
  int kills = 0, finished_early = 0;
  for (int round = 0; kills < 210 && round < 400; ++round) {
    const pid_t child = spawn_child(data, emu.url(), 30);
    REQUIRE(child > 0);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) {
      ++finished_early;
      continue;
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    if (WIFSIGNALED(status)) ++kills;
  }
  CHECK(kills >= 200);
  MESSAGE("SIGKILLs: " << kills << ", children that ended on their own: " << finished_early);

  // Progress was made under the kills, and work was left for them to interrupt.
  const auto mid = emu.get("/admin/stats");
  MESSAGE("accepted by the platform during the kills: " << mid["created"].get<int>() << " of " << kCount);
  CHECK(mid["created"].get<int>() > 0);
  CHECK(mid["created"].get<int>() < kCount);

  const pid_t final_run = spawn_child(data, emu.url(), 60);
  int status = 0;
  ::waitpid(final_run, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  const auto stats = emu.get("/admin/stats");
  CHECK(stats["created"] == kCount);
  CHECK(stats["submissions"] == kCount);
  CHECK(stats["conflicts"] == 0);
  std::map<std::string, std::string> receipt_of;
  const auto listed = emu.get("/admin/submissions")["submissions"];
  for (const auto& s : listed) {
    CHECK(s["blobs_present"] == true);
    CHECK(receipt_of.emplace(s["id"].get<std::string>(), s["receipt_no"].get<std::string>()).second);
  }
  CHECK(receipt_of.size() == ids.size());

  StoreOptions o;
  o.data_dir = data;
  o.orphan_min_age = std::chrono::hours(24);  // look, don't sweep: orphans must not exist at all
  auto store = Store::open(o).value();
  std::set<std::string> referenced;
  int not_acked = 0, wrong_receipt = 0;
  const auto entries = store->list(std::nullopt, kCount + 10).value();
  for (const auto& e : entries) {
    if (e.state != OutboxState::Acked) ++not_acked;
    if (!e.platform_receipt_no || *e.platform_receipt_no != receipt_of[e.id]) ++wrong_receipt;
    const auto shas = store->blobs_of(e.id).value();
    referenced.insert(shas.begin(), shas.end());
  }
  CHECK(not_acked == 0);
  CHECK(wrong_receipt == 0);
  const auto files = store->blob_dir().list();
  CHECK(std::set<std::string>(files.begin(), files.end()) == referenced);
  CHECK(referenced.size() == static_cast<std::size_t>(kCount / 4));
  fs::remove_all(dir);
}
