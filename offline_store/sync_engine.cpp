#include "offline_store/sync_engine.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/thread_guard.hpp"
#include "offline_store/platform_answer.hpp"

namespace ow::store {

namespace {
constexpr int kMissingBlobRounds = 3;
constexpr const char* kCatalogEtagKey = "catalog_etag";
constexpr std::size_t kMaxEtag = 256;

std::int64_t ms_of(std::chrono::milliseconds d) { return d.count(); }

// An ETag goes back in a request header: printable ASCII only, bounded.
bool usable_etag(const std::string& etag) {
  return etag.size() <= kMaxEtag &&
         std::all_of(etag.begin(), etag.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::string describe(const HttpAnswer& a, const std::string& what) {
  if (!a.transport_error.empty()) return what + ": " + a.transport_error;
  const ErrorAnswer e = parse_error_answer(a.body.view());
  return what + ": HTTP " + std::to_string(a.status) + (e.message.empty() ? "" : " " + e.message);
}
}  // namespace

std::chrono::milliseconds full_jitter(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::int64_t attempt,
                                      std::mt19937_64& rng) {
  const std::int64_t shift = std::clamp<std::int64_t>(attempt, 0, 40);
  const std::int64_t ceiling = std::min<std::int64_t>(cap.count(), base.count() << std::min<std::int64_t>(shift, 20));
  std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(ceiling, 0));
  return std::chrono::milliseconds(pick(rng));
}

StoreResult<std::unique_ptr<SyncPass>> SyncPass::open(SyncConfig config) {
  std::unique_ptr<SyncPass> pass(new SyncPass(std::move(config)));
  auto& c = pass->config_;
  std::error_code ec;
  std::filesystem::create_directories(c.store.data_dir, ec);
  const auto lock_path = c.store.data_dir / "sync.lock";
  pass->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (pass->lock_fd_ < 0) return store_error(StoreErrorCode::Io, "cannot open " + lock_path.string() + ": " + std::strerror(errno));
  if (::flock(pass->lock_fd_, LOCK_EX | LOCK_NB) != 0)
    return store_error(StoreErrorCode::Invalid, "another sync engine is already running on " + c.store.data_dir.string());
  if (c.store.actor == "kiosk") c.store.actor = "sync";
  auto store = Store::open(c.store);
  if (!store) return tl::unexpected(store.error());
  pass->store_ = std::move(*store);
  if (auto recovered = pass->store_->recover_interrupted(); !recovered) return tl::unexpected(recovered.error());
  if (!c.platform.url.empty()) {
    auto client = PlatformClient::create(c.platform);
    if (!client) return tl::unexpected(client.error());
    pass->client_ = std::move(*client);
  }
  pass->rng_.seed(c.seed ? c.seed : std::random_device{}());
  if (!c.wall_now_ms) c.wall_now_ms = unix_ms_now;
  if (!c.steady_now) c.steady_now = [] { return std::chrono::steady_clock::now(); };
  pass->wall_at_open_ms_ = c.wall_now_ms();
  pass->steady_at_open_ = c.steady_now();
  pass->status_.configured = pass->client_ != nullptr;
  pass->refresh_status(c.wall_now_ms());
  return pass;
}

SyncPass::~SyncPass() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::int64_t SyncPass::run(std::int64_t now_ms) {
  const std::int64_t started_ms = now_ms;
  const Steady started = config_.steady_now();
  // Stored next attempts are wall times: one set while the clock ran ahead is brought back to the
  // longest delay the engine ever asks for.
  const std::int64_t longest_ms = ms_of(std::max<std::chrono::milliseconds>(config_.backoff_cap, config_.max_retry_after));
  // A locked store (its data key missing) sends and purges nothing: its submissions cannot be
  // read, and wait for the restored key. The heartbeat still tells the platform.
  const bool locked = store_->vault() == nullptr;
  const bool purge_due = started >= next_purge_;
  if (auto clamped = store_->clamp_times(now_ms, now_ms + longest_ms, purge_due); !clamped)
    note_local_error(clamped.error(), now_ms);
  if (purge_due) {
    if (!locked) {
      if (auto purged = store_->purge(retention_now(now_ms, started), now_ms); !purged) note_local_error(purged.error(), now_ms);
    }
    next_purge_ = started + config_.purge_interval;
  }
  // In unix ms, for the caller: the wall time now plus what is left of a steady deadline.
  const auto at = [&](Steady deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - config_.steady_now());
    return now_ms + std::max<std::int64_t>(left.count(), 0);
  };
  if (!client_) {
    refresh_status(now_ms);
    return at(next_purge_);
  }
  if (started >= next_heartbeat_) heartbeat(now_ms);
  bool paused = locked || config_.steady_now() < pause_until_;
  if (!paused && !save_acks(now_ms)) {
    pause();
    paused = true;
  }
  for (auto kind : {ItemKind::Submission, ItemKind::Evaluation}) {
    while (!paused) {
      auto ids = store_->due(kind, now_ms, config_.batch);
      if (!ids) {
        note_local_error(ids.error(), now_ms);
        paused = true;
        pause();
        break;
      }
      for (const auto& id : *ids) {
        const Outcome o = kind == ItemKind::Submission ? send_submission(id, now_ms) : send_evaluation(id, now_ms);
        now_ms = config_.wall_now_ms();
        // A success after an outage may have started a reconnect spread (spread_after_outage).
        if (o == Outcome::RetryLater || config_.steady_now() < pause_until_) {
          paused = true;
          break;
        }
      }
      if (static_cast<int>(ids->size()) < config_.batch) break;
    }
  }
  // After the outbox, so a citizen's submission never waits behind a package download.
  const bool catalog_on = config_.on_catalog && config_.catalog_poll_interval.count() > 0;
  if (catalog_on && started >= next_catalog_) poll_catalog(started_ms);
  refresh_status(now_ms);
  auto next_due = store_->next_due_ms();
  std::int64_t next = std::min(at(next_heartbeat_), at(next_purge_));
  if (catalog_on) next = std::min(next, at(next_catalog_));
  if (!unsaved_acks_.empty()) next = std::min(next, at(pause_until_));
  if (!locked && next_due && *next_due) next = std::min(next, std::max(std::min(**next_due, now_ms + longest_ms), at(pause_until_)));
  return next;
}

void SyncPass::pause() {
  pause_until_ = config_.steady_now() + full_jitter(config_.backoff_base, config_.backoff_cap, consecutive_failures_++, rng_);
}

bool SyncPass::save_acks(std::int64_t now_ms) {
  while (!unsaved_acks_.empty()) {
    const UnsavedAck& a = unsaved_acks_.front();
    if (auto ok = store_->ack(a.kind, a.id, a.http_status, a.receipt_no, a.platform_status, a.at_ms); !ok) {
      note_local_error(ok.error(), now_ms);
      return false;
    }
    unsaved_acks_.erase(unsaved_acks_.begin());
  }
  return true;
}

void SyncPass::note_answer(const HttpAnswer& answer, const std::string& what, std::int64_t now_ms, bool outbox) {
  if (answer.reached() && answer.status < 500) {
    status_.online = true;
    if (answer.status < 300) {
      status_.last_success_ms = now_ms;
      consecutive_failures_ = 0;
      if (outbox) {
        status_.platform_fault.clear();
        status_.platform_fault_ms.reset();
        fault_from_heartbeat_ = false;
      }
      spread_after_outage();
    }
  } else {
    status_.online = false;
    if (!failing_since_) failing_since_ = config_.steady_now();
  }
  if (!answer.reached() || answer.status >= 300) {
    status_.last_error = describe(answer, what);
    status_.last_error_ms = now_ms;
  }
}

// A never-acked row is the only copy of an application whose citizen holds a receipt. Its
// retention is counted by the wall clock, and a clock set ahead (a bad RTC or time server) would
// purge the whole queue: such rows are purged only on a clock this process has watched keep pace
// with the steady clock for at least a purge interval.
RetentionPolicy SyncPass::retention_now(std::int64_t now_ms, Steady now) const {
  RetentionPolicy policy = config_.retention;
  const auto watched = std::chrono::duration_cast<std::chrono::milliseconds>(now - steady_at_open_);
  const auto drift = std::chrono::milliseconds(now_ms - wall_at_open_ms_) - watched;
  if (watched < config_.purge_interval || std::chrono::abs(drift) > std::chrono::hours(1))
    policy.unsent = std::chrono::seconds(std::numeric_limits<std::int32_t>::max());
  return policy;
}

// The backoff alone spreads a fleet's return over at most backoff_cap, and every kiosk then sends
// its whole backlog: after a long outage that is many times the platform's steady load. Waiting up
// to the outage's own length D spreads the backlogs as they were built up. A kiosk that waits x
// gathers x's worth more meanwhile, so a uniform wait would load the end of the window twice as
// much as its start; x = D·(2^u − 1), u uniform (density ∝ 1/(D + x)), keeps the fleet's extra load
// even: 1/ln 2 ≈ 1.44 times its submission rate.
void SyncPass::spread_after_outage() {
  if (!failing_since_) return;
  const Steady now = config_.steady_now();
  const auto outage = std::chrono::duration_cast<std::chrono::milliseconds>(now - *failing_since_);
  failing_since_.reset();
  // Less than a heartbeat's worth of backlog is no surge; and on a flaky link every failure
  // followed by a success would otherwise pause the outbox.
  if (outage < config_.heartbeat_interval) return;
  const std::int64_t window = std::min(ms_of(outage), ms_of(config_.reconnect_spread_cap));
  if (window <= 0) return;
  std::uniform_real_distribution<double> u(0, 1);
  const auto wait = static_cast<std::int64_t>(static_cast<double>(window) * (std::exp2(u(rng_)) - 1));
  pause_until_ = std::max(pause_until_, now + std::chrono::milliseconds(wait));
}

void SyncPass::note_local_error(const StoreError& error, std::int64_t now_ms) {
  status_.last_error = "local store: " + error.message;
  status_.last_error_ms = now_ms;
}

SyncPass::Outcome SyncPass::finish_failed(ItemKind kind, const OutboundItem& item, const HttpAnswer& answer,
                                          const std::string& what, std::int64_t now_ms) {
  const std::string message = describe(answer, what);
  const std::optional<int> http = answer.reached() ? std::optional<int>(static_cast<int>(answer.status)) : std::nullopt;
  if (answer.platform_fault()) {
    // Every item would get the same answer: rejecting them would turn a gateway's misconfiguration
    // into lost submissions. The pass stops, the queue stays, and technicians are told.
    if (status_.platform_fault.empty()) status_.platform_fault_ms = now_ms;
    status_.platform_fault = message + " (the platform or its gateway refuses this kiosk; the queue is kept)";
    fault_from_heartbeat_ = false;
  } else if (!answer.retryable()) {
    if (auto ok = store_->reject(kind, item.id, http, message, now_ms); !ok) note_local_error(ok.error(), now_ms);
    return Outcome::Done;
  }
  // The item waits by its own attempts; the whole engine pauses by the run of failures, so a
  // platform that is down is not hammered item after item. A configuration fault does not heal in
  // milliseconds: at least the base.
  auto item_delay = full_jitter(config_.backoff_base, config_.backoff_cap, item.attempts, rng_);
  auto pause = full_jitter(config_.backoff_base, config_.backoff_cap, consecutive_failures_++, rng_);
  if (answer.platform_fault()) {
    pause = std::max(pause, config_.backoff_base);
    item_delay = pause;
  }
  if (answer.retry_after) {
    const std::chrono::milliseconds asked = std::min<std::chrono::seconds>(*answer.retry_after, config_.max_retry_after);
    item_delay = std::max(item_delay, asked);
    pause = std::max(pause, asked);
  }
  pause_until_ = config_.steady_now() + pause;
  if (auto ok = store_->retry_later(kind, item.id, http, message, now_ms + item_delay.count(), now_ms); !ok)
    note_local_error(ok.error(), now_ms);
  return Outcome::RetryLater;
}

SyncPass::Outcome SyncPass::upload_blobs(OutboundItem& item, std::int64_t now_ms, std::string& failure,
                                         int& failure_status) {
  for (auto& blob : item.blobs) {
    if (blob.uploaded) continue;
    auto bytes = store_->read_blob(blob.sha256);
    if (!bytes) {
      // A damaged or missing attachment cannot heal by waiting; an I/O error might.
      if (bytes.error().code == StoreErrorCode::Io) {
        note_local_error(bytes.error(), now_ms);
        failure.clear();
        return Outcome::RetryLater;
      }
      failure = bytes.error().message;
      failure_status = 0;
      return Outcome::Done;
    }
    HttpAnswer answer =
        client_->request("PUT", "/v1/blobs/" + blob.sha256, *bytes, {"Content-Type: application/octet-stream"});
    std::fill(bytes->begin(), bytes->end(), '\0');
    note_answer(answer, "blob upload", now_ms);
    if (answer.reached() && (answer.status == 200 || answer.status == 201)) {
      blob.uploaded = true;
      if (auto ok = store_->set_blob_uploaded(blob.sha256, true); !ok) note_local_error(ok.error(), now_ms);
      continue;
    }
    failure = describe(answer, "blob " + blob.sha256.substr(0, 12));
    failure_status = static_cast<int>(answer.status);
    return answer.retryable() || answer.platform_fault() ? finish_failed(ItemKind::Submission, item, answer, "blob upload", now_ms)
                                                         : Outcome::Done;
  }
  return Outcome::Done;
}

SyncPass::Outcome SyncPass::send_submission(const std::string& id, std::int64_t now_ms) {
  auto item = store_->begin_sending(ItemKind::Submission, id);
  if (!item) {
    note_local_error(item.error(), now_ms);
    if (item.error().code == StoreErrorCode::Corrupt)
      (void)store_->reject(ItemKind::Submission, id, std::nullopt, "sealed record unreadable: " + item.error().message, now_ms);
    return item.error().code == StoreErrorCode::Io ? Outcome::RetryLater : Outcome::Done;
  }
  for (int round = 0; round < kMissingBlobRounds; ++round) {
    std::string failure;
    int failure_status = 0;
    const Outcome uploaded = upload_blobs(*item, now_ms, failure, failure_status);
    if (uploaded == Outcome::RetryLater) {
      if (failure.empty()) (void)store_->retry_later(ItemKind::Submission, id, std::nullopt, status_.last_error,
                                                      now_ms + config_.backoff_base.count(), now_ms);
      return Outcome::RetryLater;
    }
    if (!failure.empty()) {
      status_.last_error = failure;
      status_.last_error_ms = now_ms;
      const std::optional<int> http = failure_status ? std::optional<int>(failure_status) : std::nullopt;
      if (auto ok = store_->reject(ItemKind::Submission, id, http, failure, now_ms); !ok) note_local_error(ok.error(), now_ms);
      return Outcome::Done;
    }
    HttpAnswer answer = client_->request("POST", "/v1/submissions", item->body,
                                         {"Content-Type: application/json", "Idempotency-Key: " + id});
    note_answer(answer, "submission", now_ms);
    if (answer.reached() && (answer.status == 200 || answer.status == 201)) {
      auto parsed = parse_submission_answer(answer.body.view());
      if (!parsed) {
        // The platform stored it (2xx) but the answer is unreadable: ask again with the same key.
        HttpAnswer garbled = std::move(answer);
        garbled.status = 502;
        garbled.body = R"({"error":"bad_answer","message":")" + parsed.error() + "\"}";
        return finish_failed(ItemKind::Submission, *item, garbled, "submission", now_ms);
      }
      if (auto ok = store_->ack(ItemKind::Submission, id, static_cast<int>(answer.status), parsed->receipt_no,
                                parsed->status, now_ms);
          !ok) {
        note_local_error(ok.error(), now_ms);
        unsaved_acks_.push_back({ItemKind::Submission, id, static_cast<int>(answer.status), parsed->receipt_no, parsed->status, now_ms});
        pause();
        return Outcome::RetryLater;
      }
      return Outcome::Done;
    }
    if (answer.reached() && answer.status == 422) {
      const ErrorAnswer e = parse_error_answer(answer.body.view());
      if (!e.missing_blobs.empty()) {
        bool known = false;
        for (auto& blob : item->blobs)
          for (const auto& missing : e.missing_blobs)
            if (blob.sha256 == missing) {
              blob.uploaded = false;
              known = true;
              (void)store_->set_blob_uploaded(blob.sha256, false);
            }
        if (known) continue;
      }
    }
    return finish_failed(ItemKind::Submission, *item, answer, "submission", now_ms);
  }
  HttpAnswer stuck;
  stuck.status = 503;
  stuck.body = R"({"message":"platform keeps reporting missing blobs"})";
  return finish_failed(ItemKind::Submission, *item, stuck, "submission", now_ms);
}

SyncPass::Outcome SyncPass::send_evaluation(const std::string& id, std::int64_t now_ms) {
  auto item = store_->begin_sending(ItemKind::Evaluation, id);
  if (!item) {
    note_local_error(item.error(), now_ms);
    return item.error().code == StoreErrorCode::Io ? Outcome::RetryLater : Outcome::Done;
  }
  HttpAnswer answer = client_->request("POST", "/v1/evaluations", item->body,
                                       {"Content-Type: application/json", "Idempotency-Key: " + id});
  note_answer(answer, "evaluation", now_ms);
  if (answer.reached() && (answer.status == 200 || answer.status == 201)) {
    if (auto ok = store_->ack(ItemKind::Evaluation, id, static_cast<int>(answer.status), "", "", now_ms); !ok) {
      note_local_error(ok.error(), now_ms);
      unsaved_acks_.push_back({ItemKind::Evaluation, id, static_cast<int>(answer.status), "", "", now_ms});
      pause();
      return Outcome::RetryLater;
    }
    return Outcome::Done;
  }
  return finish_failed(ItemKind::Evaluation, *item, answer, "evaluation", now_ms);
}

void SyncPass::heartbeat(std::int64_t now_ms) {
  next_heartbeat_ = config_.steady_now() + config_.heartbeat_interval;
  nlohmann::json body = config_.heartbeat_info ? config_.heartbeat_info() : nlohmann::json::object();
  if (!body.is_object()) body = nlohmann::json::object();
  auto stats = store_->stats(now_ms);
  if (stats) {
    body["queue_depth"] = stats->queue_depth;
    body["oldest_pending_age_s"] = stats->oldest_pending_age_s ? nlohmann::json(*stats->oldest_pending_age_s) : nlohmann::json();
    const auto rejected = stats->by_state.find(OutboxState::Rejected);
    body["rejected"] = rejected == stats->by_state.end() ? 0 : rejected->second;
  }
  body["kiosk_id"] = config_.kiosk_id;
  body["sent_at"] = utc_rfc3339(now_ms);
  body["platform_fault"] = status_.platform_fault.empty() ? nlohmann::json() : nlohmann::json(status_.platform_fault);
  body["store_fault"] = store_->key_fault().empty() ? nlohmann::json() : nlohmann::json(store_->key_fault());
  HttpAnswer answer = client_->request("POST", "/v1/kiosks/" + config_.kiosk_id + "/heartbeat", body.dump(),
                                       {"Content-Type: application/json"});
  note_answer(answer, "heartbeat", now_ms, false);
  // With nothing queued, the heartbeat is the only request that can find the kiosk refused.
  if (answer.platform_fault() && status_.platform_fault.empty()) {
    status_.platform_fault = describe(answer, "heartbeat") + " (the platform or its gateway refuses this kiosk)";
    status_.platform_fault_ms = now_ms;
    fault_from_heartbeat_ = true;
  } else if (answer.reached() && answer.status == 200 && fault_from_heartbeat_) {
    status_.platform_fault.clear();
    status_.platform_fault_ms.reset();
    fault_from_heartbeat_ = false;
  }
  if (!answer.reached() || answer.status != 200) return;
  auto parsed = parse_heartbeat_answer(answer.body.view());
  if (!parsed) {
    status_.last_error = "heartbeat: " + parsed.error();
    status_.last_error_ms = now_ms;
    return;
  }
  if (!parsed->commands.empty() && config_.on_commands) config_.on_commands(parsed->commands);
}

void SyncPass::poll_catalog(std::int64_t now_ms) {
  next_catalog_ = config_.steady_now() + config_.catalog_poll_interval;
  auto known = store_->sync_meta(kCatalogEtagKey);
  if (!known) {
    note_local_error(known.error(), now_ms);
    return note_catalog(now_ms, false, "local store: " + known.error().message);
  }
  std::vector<std::string> headers;
  if (*known) headers.push_back("If-None-Match: " + **known);
  HttpAnswer answer = client_->request("GET", "/v1/catalog", {}, headers, config_.catalog_max_bytes);
  if (!answer.reached() || (answer.status != 200 && answer.status != 304 && answer.status != 404)) {
    // Only the status: the outbox's backoff is not the catalog's business.
    status_.online = answer.reached() && answer.status < 500;
    status_.last_error = describe(answer, "catalog");
    status_.last_error_ms = now_ms;
    return note_catalog(now_ms, false, describe(answer, "catalog") + "; tried again at the next poll");
  }
  status_.online = true;
  if (answer.status == 304) return note_catalog(now_ms, true, "unchanged");
  if (answer.status == 404) return note_catalog(now_ms, true, "no catalog published");
  status_.last_success_ms = now_ms;
  const std::size_t size = answer.body.size();
  if (size == 0) return note_catalog(now_ms, false, "catalog: the platform sent an empty package");
  if (!usable_etag(answer.etag)) return note_catalog(now_ms, false, "catalog: the platform sent an unusable ETag");
  const std::string etag = answer.etag;
  const CatalogVerdict verdict = config_.on_catalog(answer.body.str(), etag);
  const std::string what = "package of " + std::to_string(size) + " bytes";
  if (!verdict) return note_catalog(now_ms, false, what + " refused: " + bounded_text(verdict.error()));
  // Without an ETag nothing can be remembered: the same package comes again and is refused as not newer.
  const std::optional<std::string> remember = etag.empty() ? std::nullopt : std::optional<std::string>(etag);
  if (auto saved = store_->set_sync_meta(kCatalogEtagKey, remember); !saved) {
    note_local_error(saved.error(), now_ms);
    return note_catalog(now_ms, false, what + " staged, but its ETag was not saved: " + saved.error().message);
  }
  note_catalog(now_ms, true, what + " staged" + (etag.empty() ? " (no ETag from the platform)" : ""));
}

void SyncPass::note_catalog(std::int64_t now_ms, bool ok, std::string detail) {
  status_.last_catalog = CatalogFetch{now_ms, ok, std::move(detail)};
}

void SyncPass::refetch_catalog() {
  if (auto ok = store_->set_sync_meta(kCatalogEtagKey, std::nullopt); !ok) note_local_error(ok.error(), config_.wall_now_ms());
  next_catalog_ = Steady{};
}

void SyncPass::refresh_status(std::int64_t now_ms) {
  if (auto stats = store_->stats(now_ms)) {
    status_.queue_depth = stats->queue_depth;
    status_.oldest_pending_age_s = stats->oldest_pending_age_s;
    const auto rejected = stats->by_state.find(OutboxState::Rejected);
    status_.rejected = rejected == stats->by_state.end() ? 0 : rejected->second;
  }
  if (status_ == reported_) return;
  reported_ = status_;
  if (config_.on_status) config_.on_status(status_);
}

StoreResult<std::unique_ptr<SyncEngine>> SyncEngine::start(SyncConfig config) {
  std::unique_ptr<SyncEngine> engine(new SyncEngine());
  engine->on_status_ = std::move(config.on_status);
  SyncEngine* self = engine.get();
  config.on_status = [self](const SyncStatus& s) {
    {
      std::lock_guard lock(self->mutex_);
      self->status_ = s;
    }
    if (self->on_status_) self->on_status_(s);
  };
  auto pass = SyncPass::open(std::move(config));
  if (!pass) return tl::unexpected(pass.error());
  engine->pass_ = std::move(*pass);
  engine->status_ = engine->pass_->status();
  engine->pass_->store().detach_from_sequence();  // recovered here; from now on used only on the engine's thread
  engine->thread_ = std::thread([self] { guarded("sync", [self] { self->run(); }); });
  return engine;
}

SyncEngine::~SyncEngine() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncEngine::notify() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  cv_.notify_all();
}

void SyncEngine::refetch_catalog() {
  {
    std::lock_guard lock(mutex_);
    refetch_catalog_ = true;
    wake_ = true;
  }
  cv_.notify_all();
}

SyncStatus SyncEngine::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void SyncEngine::run() {
  for (;;) {
    bool refetch = false;
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
      wake_ = false;
      std::swap(refetch, refetch_catalog_);
    }
    if (refetch) pass_->refetch_catalog();
    const std::int64_t next = pass_->run(pass_->wall_now_ms());
    // Bounded, so a wall clock stepped while the pass ran does not stall the queue for long.
    const auto wait = std::chrono::milliseconds(std::clamp<std::int64_t>(next - pass_->wall_now_ms(), 0, 60000));
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [this] { return stop_ || wake_; });
  }
}

}  // namespace ow::store
