#pragma once
// 办件查询 behind the screen: a receipt number's status and timeline from the platform
// (GET /v1/submissions/{receipt_no}) with a short timeout, else from this kiosk's own outbox,
// saying which; and the submissions this kiosk holds for an ID number. Blocking: runs on a worker
// thread of its own, with its own store connection and HTTP client.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/sequence_checker.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "offline_store/platform_client.hpp"
#include "offline_store/store.hpp"

namespace ow {

struct ProgressOutcome {
  std::optional<ProgressRecord> record;  // none: not found
  ProgressSource source = ProgressSource::LocalOnly;
};

class ProgressLookup {
 public:
  ProgressLookup(store::StoreOptions store, store::PlatformEndpoint platform);

  // `receipt_no` must already be a valid receipt number (capture::is_receipt_number): this kiosk's
  // 受理编号, its platform number or an older local one, of a submission `holder` made (the card's
  // ID number or its last 4 characters: Store::find_for_holder); its platform number (or
  // submission id) then asks the platform. No record, and no question to the platform, when there
  // is no such submission here or the holder does not match: the caller cannot tell which. A
  // number this kiosk did not give cannot be checked against its holder, so it is not answered.
  ProgressOutcome by_receipt(const std::string& receipt_no, std::string_view holder);
  // Submissions this kiosk took for the ID number, newest first (its own knowledge only).
  std::vector<ProgressRecord> by_id_number(std::string_view id_number);

 private:
  store::Store* store();
  std::optional<store::OutboxEntry> local(const std::string& receipt_no, std::string_view holder);

  OW_SEQUENCE_CHECKER(query_worker_);  // its store connection and HTTP client are the query worker's
  store::StoreOptions store_options_;
  store::PlatformEndpoint platform_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::PlatformClient> client_;
};

// The label of a platform status word ("received", "reviewing", "done", …).
Str progress_status_label(const std::string& token);
// RFC 3339 (any offset, or Z) as local "YYYY-MM-DD HH:MM"; the input unchanged when it does not parse.
std::string local_minutes_of(const std::string& rfc3339);
// The local calendar day "YYYYMMDD" of a moment (queue tickets start again each local day).
std::string local_day(std::chrono::system_clock::time_point t);

}  // namespace ow
