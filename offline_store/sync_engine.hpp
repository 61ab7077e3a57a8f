#pragma once
// The sync engine: drains the outbox to the platform (blobs, then the submission with its
// Idempotency-Key; evaluations after their submission), sends heartbeats, fetches new catalog
// packages, applies retention, and reports its status. SyncPass is one single-threaded pass (kioskctl sync --once); SyncEngine runs
// passes on its own thread for the kiosk.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "offline_store/platform_client.hpp"
#include "offline_store/store.hpp"

namespace ow::store {

// The end of the last GET /v1/catalog, for technicians.
struct CatalogFetch {
  std::int64_t at_ms = 0;  // unix ms
  bool ok = false;         // the platform answered and the answer was handled (new, unchanged or none)
  std::string detail;      // e.g. "unchanged", "new package (1234 bytes) staged", or what went wrong

  bool operator==(const CatalogFetch&) const = default;
};

struct SyncStatus {
  bool configured = false;  // a platform url is set
  bool online = false;      // the last exchange reached the platform and it answered (not 5xx)
  std::int64_t queue_depth = 0;
  std::optional<std::int64_t> oldest_pending_age_s;
  std::int64_t rejected = 0;
  std::optional<std::int64_t> last_success_ms;  // unix ms of the last 2xx
  std::string last_error;                       // technician text, no personal data
  std::optional<std::int64_t> last_error_ms;
  std::optional<CatalogFetch> last_catalog;  // nullopt: not polled yet (or polling is off)
  // The platform or its gateway refuses the kiosk itself (HttpAnswer::platform_fault: 401, 403,
  // 404, 413, …): sending stops and the queue is kept until an outbox request succeeds again.
  // Technician text, empty: none. Reported in the heartbeat ("platform_fault").
  std::string platform_fault;
  std::optional<std::int64_t> platform_fault_ms;

  bool operator==(const SyncStatus&) const = default;
};

// What the owner did with a fetched catalog package: {} once it is staged, else why not (technician
// text, shown in SyncStatus::last_catalog).
using CatalogVerdict = tl::expected<void, std::string>;

struct SyncConfig {
  StoreOptions store;  // the engine opens its own connection; durable_commits may be false (see StoreOptions)
  PlatformEndpoint platform;
  std::string kiosk_id;
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{300000};
  std::chrono::seconds heartbeat_interval{60};
  RetentionPolicy retention;
  std::chrono::seconds purge_interval{3600};
  int batch = 256;
  std::uint64_t seed = 0;  // jitter randomness; 0: from the OS
  // The clocks (tests move them). The wall clock stamps what is stored (attempts, acks, next
  // attempts); the steady clock times the engine's own deadlines (pause, heartbeat, purge, catalog
  // poll). Empty: unix_ms_now and std::chrono::steady_clock::now.
  std::function<std::int64_t()> wall_now_ms;
  std::function<std::chrono::steady_clock::time_point()> steady_now;
  // The longest Retry-After honoured. A stored next attempt further ahead of the wall clock than
  // max(backoff_cap, max_retry_after) was set by a clock that ran ahead: it is brought back to that.
  std::chrono::seconds max_retry_after{3600};
  // After an outage (a run of exchanges that got no answer or a 5xx, at least a heartbeat_interval
  // long) the outbox waits a random delay in [0, min(outage length, cap)] before it sends its
  // backlog: kiosks that lost the platform together then deliver their backlogs over about as long as they took to build up,
  // not all at once when it comes back (docs/architecture.md, "A fleet after an outage"). 0: off.
  std::chrono::seconds reconnect_spread_cap{3600};
  // Called on the sync thread: what the heartbeat reports besides the queue (version,
  // catalog_version, devices). Must not block.
  std::function<nlohmann::json()> heartbeat_info;
  // Called on the sync thread whenever the status changes, and with commands from a heartbeat answer.
  std::function<void(const SyncStatus&)> on_status;
  std::function<void(const std::vector<nlohmann::json>&)> on_commands;

  // Catalog packages. With on_catalog set and a nonzero interval the engine asks GET /v1/catalog
  // right after start and then every interval, with If-None-Match: the ETag of the last package the
  // owner accepted (kept in the store, so it survives restarts). A 200 calls on_catalog on the sync
  // thread with the package bytes and their ETag; it returns {} once the package is verified and
  // staged, and only then is the ETag remembered (the platform then answers 304 until something
  // newer is published). An error (rejected, or not stageable now) remembers nothing: the package
  // is fetched again at the next poll. A 304 or 404 (nothing published) calls nothing. A network error,
  // 5xx or an answer over catalog_max_bytes is tried again at the next poll and never pauses the
  // outbox; it shows in SyncStatus::last_catalog (and last_error for network errors). on_catalog
  // may take a while (verification, fsync): the outbox waits for it, so keep it to staging.
  std::chrono::seconds catalog_poll_interval{15 * 60};  // 0: never poll
  std::size_t catalog_max_bytes = 64u << 20;
  std::function<CatalogVerdict(std::string bytes, const std::string& etag)> on_catalog;
};

// Full jitter: a uniform delay in [0, min(cap, base·2^attempt)].
std::chrono::milliseconds full_jitter(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::int64_t attempt,
                                      std::mt19937_64& rng);

class SyncPass {
 public:
  // Opens the store, takes the data dir's sync lock (one engine per store) and requeues sends
  // interrupted by a crash.
  static StoreResult<std::unique_ptr<SyncPass>> open(SyncConfig config);
  ~SyncPass();

  // Sends everything due at now_ms (the wall clock) until done or a retryable failure pauses
  // sending; heartbeat and purge when due (by the steady clock). Returns when the next pass is
  // worth running (unix ms).
  std::int64_t run(std::int64_t now_ms);
  std::int64_t wall_now_ms() const { return config_.wall_now_ms(); }
  SyncStatus status() const { return status_; }
  Store& store() { return *store_; }
  // Forgets the remembered catalog ETag and polls at the next run, e.g. when the owner lost what it
  // had staged (the platform would otherwise answer 304 until a newer package is published).
  void refetch_catalog();

 private:
  enum class Outcome { Done, RetryLater };
  using Steady = std::chrono::steady_clock::time_point;
  // A 2xx whose acknowledgement the store failed to write: the row stays `sending` (never sent
  // again by this process) and the write is tried again before anything else is sent.
  struct UnsavedAck {
    ItemKind kind;
    std::string id;
    int http_status;
    std::string receipt_no, platform_status;
    std::int64_t at_ms;
  };
  bool save_acks(std::int64_t now_ms);  // true once none is left
  void pause();  // backs off by the run of failures
  explicit SyncPass(SyncConfig config) : config_(std::move(config)) {}
  Outcome send_submission(const std::string& id, std::int64_t now_ms);
  Outcome send_evaluation(const std::string& id, std::int64_t now_ms);
  Outcome upload_blobs(OutboundItem& item, std::int64_t now_ms, std::string& failure, int& failure_status);
  Outcome finish_failed(ItemKind kind, const OutboundItem& item, const HttpAnswer& answer, const std::string& what,
                        std::int64_t now_ms);
  void heartbeat(std::int64_t now_ms);
  void poll_catalog(std::int64_t now_ms);
  void note_catalog(std::int64_t now_ms, bool ok, std::string detail);
  // outbox: an answer to a blob, submission or evaluation (its success clears a platform fault).
  void note_answer(const HttpAnswer& answer, const std::string& what, std::int64_t now_ms, bool outbox = true);
  void spread_after_outage();
  RetentionPolicy retention_now(std::int64_t now_ms, Steady now) const;
  void note_local_error(const StoreError& error, std::int64_t now_ms);
  void refresh_status(std::int64_t now_ms);

  SyncConfig config_;
  SyncStatus reported_;  // what on_status last saw
  std::unique_ptr<Store> store_;
  std::unique_ptr<PlatformClient> client_;
  int lock_fd_ = -1;
  std::mt19937_64 rng_;
  std::int64_t consecutive_failures_ = 0;
  // The engine's own deadlines, by the steady clock (a wall clock set ahead or back moves none); the epoch: due at once.
  Steady pause_until_ = Steady{};
  Steady next_heartbeat_ = Steady{};
  Steady next_purge_ = Steady{};
  Steady next_catalog_ = Steady{};
  std::vector<UnsavedAck> unsaved_acks_;
  bool fault_from_heartbeat_ = false;  // status_.platform_fault was found by a heartbeat, which may clear it
  std::optional<Steady> failing_since_;  // first failed exchange since the last success
  // The clocks when the pass opened: retention_now compares them.
  std::int64_t wall_at_open_ms_ = 0;
  Steady steady_at_open_ = Steady{};
  SyncStatus status_;
};

class SyncEngine {
 public:
  static StoreResult<std::unique_ptr<SyncEngine>> start(SyncConfig config);
  ~SyncEngine();  // stops after the request in flight and joins
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  // Something new was committed: run a pass now instead of at the next scheduled time.
  void notify();
  // SyncPass::refetch_catalog() on the sync thread, and a pass now.
  void refetch_catalog();
  SyncStatus status() const;

 private:
  SyncEngine() = default;
  void run();
  std::unique_ptr<SyncPass> pass_;
  std::function<void(const SyncStatus&)> on_status_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool wake_ = false;
  bool refetch_catalog_ = false;
  SyncStatus status_;
  std::thread thread_;
};

}  // namespace ow::store
