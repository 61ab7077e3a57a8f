#pragma once
// The platform emulator's records: blobs, submissions with their idempotency keys and receipt
// numbers, evaluations, heartbeats, kiosk commands and the published catalog, in its own SQLite
// database. Thread-safe: every call holds one mutex, so each request is atomic.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "offline_store/sqlite_db.hpp"

namespace ow::emu {

struct EmuOptions {
  std::filesystem::path db = ":memory:";
  std::filesystem::path catalog;       // served by GET /v1/catalog, replaced by PUT /v1/catalog
  std::chrono::seconds review_after{60};   // received → reviewing
  std::chrono::seconds done_after{300};    // → done
  std::set<std::string> instant_matters;   // approved at once (秒批)
  // Whether a 实人核验 reference was issued for a match of this ID number (FaceChecks::matched);
  // unset: every reference is unknown.
  std::function<bool(const std::string& reference, const std::string& id_number)> verified;
};

struct Answer {
  Answer() = default;
  Answer(int s, std::string b, std::string e = {}, std::string type = "application/json")
      : status(s), body(std::move(b)), etag(std::move(e)), content_type(std::move(type)) {}
  int status = 200;
  std::string body;  // JSON
  std::string etag;
  std::string content_type = "application/json";
};

// Counters for tests and the operator (GET /admin/stats).
struct EmuCounters {
  std::int64_t created = 0, replayed = 0, conflicts = 0, missing_blob_answers = 0, hash_mismatches = 0;
};

class EmuState {
 public:
  static std::unique_ptr<EmuState> open(const EmuOptions& options, std::string& error);

  Answer put_blob(const std::string& sha, const std::string& bytes);
  // cert_kiosk: the CN of the client certificate, empty for plain HTTP.
  Answer post_submission(const std::string& key, const std::string& body, const std::string& cert_kiosk);
  Answer get_submission(const std::string& receipt_or_id);
  Answer post_evaluation(const std::string& key, const std::string& body);
  Answer heartbeat(const std::string& kiosk_id, const std::string& body, const std::string& cert_kiosk);
  Answer list_kiosks(const std::string& status_filter);
  // Per kiosk its catalog version, ring and waiting package from the last heartbeat (emu_fleet.cpp).
  Answer fleet_catalog();
  Answer get_catalog(const std::string& if_none_match);
  Answer put_catalog(const std::string& bytes);
  Answer queue_command(const std::string& kiosk_id, const std::string& body);
  Answer admin_stats();
  Answer admin_submissions();
  void count_fault(const char* kind);

  // Every v1 call is counted (GET /admin/requests), for fleet benchmarks of the request rate.
  void count_request() { requests_.fetch_add(1, std::memory_order_relaxed); }
  Answer admin_requests() const;

 private:
  EmuState(std::unique_ptr<store::SqliteDb> db, EmuOptions options) : db_(std::move(db)), options_(std::move(options)) {}
  Answer idempotent(const char* table, const std::string& key, const std::string& body_hash, bool& replay);
  std::unique_ptr<store::SqliteDb> db_;
  EmuOptions options_;
  std::mutex mutex_;
  EmuCounters counters_;
  std::int64_t faults_dropped_ = 0, faults_failed_ = 0, faults_committed_then_dropped_ = 0, faults_gateway_ = 0;
  std::string catalog_bytes_, catalog_etag_;
  std::atomic<std::int64_t> requests_{0};
};

}  // namespace ow::emu
