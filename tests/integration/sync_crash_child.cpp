// The sync process the crash harness kills: drains the outbox of DATA_DIR to URL (plain HTTP),
// exits 0 when the queue is empty, 3 when it was still draining after the time limit.
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "offline_store/sync_engine.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: sync_crash_child DATA_DIR URL SECONDS\n");
    return 2;
  }
  ow::store::SyncConfig sc;
  sc.store.data_dir = argv[1];
  sc.store.durable_commits = false;
  sc.platform.url = argv[2];
  sc.platform.insecure_dev = true;
  sc.platform.request_timeout = std::chrono::seconds(5);
  sc.kiosk_id = "K1";
  sc.backoff_base = std::chrono::milliseconds(1);
  sc.backoff_cap = std::chrono::milliseconds(10);
  sc.batch = 16;
  auto pass = ow::store::SyncPass::open(sc);
  if (!pass) {
    std::fprintf(stderr, "sync_crash_child: %s\n", pass.error().message.c_str());
    return 1;
  }
  const auto deadline = ow::store::unix_ms_now() + std::atoll(argv[3]) * 1000;
  for (;;) {
    const auto next = (*pass)->run(ow::store::unix_ms_now());
    if ((*pass)->status().queue_depth == 0) return 0;
    const auto now = ow::store::unix_ms_now();
    if (now >= deadline) return 3;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<std::int64_t>(next - now, 0, 20)));
  }
}
