// bench_store: durable submissions per second (one transaction each, with and without a 200 KiB
// attachment) against a bare SQLite insert+commit loop with the same settings, interleaved in the same run,
// and the time to drain a 10,000-submission backlog to platform-emu on loopback.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"

namespace fs = std::filesystem;
using namespace ow::store;
using Clock = std::chrono::steady_clock;

namespace {
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string random_bytes(std::size_t n, std::mt19937_64& rng) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

SubmissionDraft sample(int i, const std::string* attachment) {
  SubmissionDraft d;
  d.id = "bench-" + std::to_string(i);
  d.kiosk_id = "K1";
  d.created_at = "2026-11-22T10:00:00+08:00";
  d.matter_code = "M1";
  d.catalog_version = "12";
  d.applicant_json = R"({"name":"张三","id_number":"110101199003071234","address":"示范镇示范路1号"})";
  d.form_json = R"({"phone":"13800000000","reason":"新办","household":"示范镇示范村"})";
  d.id_number = "110101199003071234";
  if (attachment) d.materials.push_back({"ID_COPY", *attachment + std::to_string(i)});
  return d;
}

struct Rates {
  double bare = 0, store = 0;
};

// Store::commit against the bare loop (the store's pragmas, WAL and synchronous=FULL, one row per
// transaction, its statement prepared once), in alternating blocks in the same run so that a
// shared disk's drift hits both alike. Rates are totals over all blocks.
Rates interleaved(const fs::path& dir, int rounds, int block, std::size_t bare_row_bytes, const std::string* attachment,
                  std::mt19937_64& rng) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto bare = SqliteDb::open(dir / "bare.db").value();
  (void)bare->exec("CREATE TABLE t (id TEXT PRIMARY KEY, body BLOB NOT NULL)");
  auto insert = bare->prepare("INSERT INTO t VALUES(?1, ?2)").value();
  const std::string bare_body = random_bytes(bare_row_bytes, rng);
  auto store = Store::open(dir / "store").value();
  double bare_s = 0, store_s = 0;
  int n = 0;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = Clock::now();
    for (int i = 0; i < block; ++i) {
      (void)bare->exec("BEGIN IMMEDIATE");
      insert.bind(1, std::to_string(n + i)).bind_blob(2, bare_body.data(), bare_body.size());
      (void)insert.run();
      insert.reset();
      (void)bare->exec("COMMIT");
    }
    bare_s += seconds_since(t0);
    // The drafts (each with its own 200 KiB copy) are made before the clock starts, as the bare
    // loop's row is: the kiosk hands the store a finished draft.
    std::vector<SubmissionDraft> drafts;
    for (int i = 0; i < block; ++i) drafts.push_back(sample(n + i, attachment));
    t0 = Clock::now();
    for (const auto& d : drafts)
      if (!store->commit(d)) return {};
    store_s += seconds_since(t0);
    n += block;
  }
  return {n / bare_s, n / store_s};
}

struct Emu {
  pid_t pid = -1;
  int port = 0;
};

Emu start_emulator() {
  int out[2];
  if (::pipe(out) != 0) return {};
  Emu e;
  e.pid = ::fork();
  if (e.pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::execl(OW_PLATFORM_EMU, OW_PLATFORM_EMU, "--plain", "--port", "0", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  char buf[32] = {0};
  const ssize_t n = ::read(out[0], buf, sizeof buf - 1);
  ::close(out[0]);
  e.port = n > 0 ? std::atoi(buf) : 0;
  return e;
}
}  // namespace

int main() {
  // Other processes' dirty pages (a build, an earlier bench's files) are written out first, so that
  // their writeback does not land in one of the timed loops.
  ::sync();
  const fs::path root = fs::temp_directory_path() / ("ow-bench-store-" + std::to_string(::getpid()));
  std::mt19937_64 rng(4);
  // Enough commits that a shared disk's hiccups average out (150 large ones varied the ratio by ±0.03).
  constexpr int kSmall = 3000, kLarge = 600, kBacklog = 10000;
  // Sealed, the plain submission's row is about this size; the bare loop writes the same.
  const std::size_t small_row = 700, attachment_size = 200 * 1024;
  const std::string attachment = random_bytes(attachment_size, rng);

  const Rates small = interleaved(root / "small", kSmall / 50, 50, small_row, nullptr, rng);
  const Rates large = interleaved(root / "large", kLarge / 10, 10, attachment_size, &attachment, rng);
  const double bare_small = small.bare, store_small = small.store, bare_large = large.bare, store_large = large.store;

  // Backlog: committed without fsync (setup only), then drained by one sync pass at a time.
  const fs::path backlog = root / "backlog";
  {
    StoreOptions o;
    o.data_dir = backlog;
    o.durable_commits = false;
    auto store = Store::open(o).value();
    for (int i = 0; i < kBacklog; ++i) (void)store->commit(sample(i, nullptr));
  }
  Emu emu = start_emulator();
  double drain_rate = 0, drain_s = 0;
  if (emu.port > 0) {
    SyncConfig sc;
    sc.store.data_dir = backlog;
    sc.store.durable_commits = false;
    sc.platform.url = "http://127.0.0.1:" + std::to_string(emu.port);
    sc.platform.insecure_dev = true;
    sc.kiosk_id = "K1";
    sc.heartbeat_interval = std::chrono::seconds(3600);
    auto pass = SyncPass::open(sc).value();
    const auto t0 = Clock::now();
    for (int i = 0; i < 100 && pass->status().queue_depth > 0; ++i) pass->run(unix_ms_now());
    drain_s = seconds_since(t0);
    if (pass->status().queue_depth == 0) drain_rate = kBacklog / drain_s;
    ::kill(emu.pid, SIGTERM);
    ::waitpid(emu.pid, nullptr, 0);
  }
  fs::remove_all(root);

  std::fprintf(stderr, "%-44s %10s\n", "store (WAL, synchronous=FULL, ext4)", "per s");
  std::fprintf(stderr, "%-44s %10.0f\n", "bare SQLite insert+commit, 700 B row", bare_small);
  std::fprintf(stderr, "%-44s %10.0f\n", "Store::commit, no attachment", store_small);
  std::fprintf(stderr, "%-44s %10.0f\n", "bare SQLite insert+commit, 200 KiB row", bare_large);
  std::fprintf(stderr, "%-44s %10.0f\n", "Store::commit, 200 KiB attachment", store_large);
  std::fprintf(stderr, "%-44s %10.0f  (%d in %.2f s)\n", "drain backlog to platform-emu (loopback)", drain_rate, kBacklog,
               drain_s);
  const nlohmann::json out{
      {"bench", "store"},
      {"bare_commit_per_s", bare_small},
      {"commit_per_s", store_small},
      {"bare_commit_200k_per_s", bare_large},
      {"commit_200k_per_s", store_large},
      {"drain_per_s", drain_rate},
      {"backlog", kBacklog},
      {"ratios",
       {{"commit_vs_bare", store_small / bare_small},
        {"commit_200k_vs_bare_200k", store_large / bare_large},
        {"drain_vs_goal_1000_per_s", drain_rate / 1000.0}}}};
  std::printf("%s\n", out.dump().c_str());
  return drain_rate > 0 ? 0 : 1;
}
