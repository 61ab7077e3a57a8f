#pragma once
// What the outbox holds and reports: states, entries, counts. Plain values, no database handles.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"

namespace ow::store {

// pending → sending → acked → purged, or rejected (a permanent 4xx, kept for technicians) → purged,
// or pending → purged when it was never acknowledged within its retention (RetentionPolicy).
enum class OutboxState { Pending, Sending, Acked, Purged, Rejected };

std::string_view state_name(OutboxState state);
// Range check for values read back from disk: an unknown name is corruption, not a default.
std::optional<OutboxState> parse_state(std::string_view name);

struct Attachment {
  std::string material_code;  // the catalog's material code; "signature" for the citizen's signature
  SecretString bytes;         // plaintext (a scan, a photo, a signature PNG): personal data; any bytes
};

// One citizen submission as the kiosk hands it to the store. Everything here except the codes and
// times is personal data and is stored only sealed.
struct SubmissionDraft {
  std::string id;  // UUID; also the platform Idempotency-Key
  std::string kiosk_id;
  int kiosk_number = 0;    // 0–9999, unique in the fleet: leads its receipt numbers (receipt_number.hpp)
  std::string created_at;  // RFC 3339 with offset
  std::string matter_code;
  bool is_bundle = false;  // matter_code names a bundle (一件事)
  std::string catalog_version;
  SecretString applicant_json = "{}";   // name, ID number, address… as the platform expects them
  SecretString form_json = "{}";        // field key → value
  std::string prereview_json = "null";  // the pre-review result shown to the citizen
  SecretString id_number;               // only for lookup by keyed hash; never stored in the clear
  std::vector<Attachment> materials;   // in order; several per material code allowed
  std::map<std::string, std::string> licences;  // material code → electronic licence type the platform fetches
  SecretString signature_png;           // empty when the matter needs no signature
  SecretString delivery_json = "null";  // {"method": "window"|"mail"|"electronic", mail: name, phone, address}
};

struct CommitReceipt {
  std::string submission_id;
  std::string local_receipt_no;  // the citizen's 受理编号 (receipt_number.hpp); valid before the platform answers
};

struct EvaluationDraft {
  std::string id;             // UUID; the Idempotency-Key
  std::string submission_id;  // the submission rated
  int level = 5;              // 1 (very dissatisfied) … 5 (very satisfied)
  std::vector<std::string> reasons;
  SecretString comment;       // free text: may be personal, stored sealed
  std::string created_at;
};

struct OutboxEntry {
  // local_receipt_no: the 受理编号 this kiosk gave, 13 digits, or an older store's <kiosk id>-YYYYMMDD-NNNN.
  std::string id, local_receipt_no, kiosk_id, matter_code, created_at;
  OutboxState state = OutboxState::Pending;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_ms = 0;  // unix ms; 0: never tried yet
  std::int64_t committed_ms = 0;
  std::optional<std::string> platform_receipt_no, platform_status;
  std::optional<std::int64_t> last_http_status;
  std::optional<std::string> last_error;  // the platform's message or the network error
  int attachment_count = 0;
};

// How long each state keeps its personal data (sealed body, ID hash, attachments) on the kiosk.
// Counted from the platform's acknowledgement, the rejection, or the commit (never acknowledged).
// The defaults and why: docs/kioskctl.md, "Retention".
struct RetentionPolicy {
  std::chrono::seconds acked{std::chrono::days(7)};
  std::chrono::seconds rejected{std::chrono::days(30)};
  std::chrono::seconds unsent{std::chrono::days(180)};
};

// Submissions purged, by the state they were in.
struct PurgeCounts {
  std::int64_t acked = 0, rejected = 0, unsent = 0;
  std::int64_t total() const { return acked + rejected + unsent; }
  bool operator==(const PurgeCounts&) const = default;
};

struct OutboxStats {
  std::map<OutboxState, std::int64_t> by_state;
  std::int64_t queue_depth = 0;  // pending + sending
  std::optional<std::int64_t> oldest_pending_age_s;
  std::int64_t evaluations_pending = 0;
  PurgeCounts purged_from;  // the purged tombstones, by the state each was purged from
  std::optional<std::string> last_error;
  std::optional<std::int64_t> last_error_ms;
  std::optional<std::int64_t> last_acked_ms;  // the platform's latest acknowledgement, submission or evaluation
};

// One submission or evaluation on its way out: the exact request body (same bytes every attempt,
// so the platform's idempotency check holds) and its blobs.
struct OutboundItem {
  std::string id;
  std::string body;  // decrypted JSON request body
  struct Blob {
    std::string sha256;
    bool uploaded = false;
  };
  std::vector<Blob> blobs;
  std::int64_t attempts = 0;
};

enum class ItemKind { Submission, Evaluation };

}  // namespace ow::store
