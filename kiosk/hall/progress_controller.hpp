#pragma once
// 办件查询: by ID card (this kiosk's submissions for that person), by the receipt's QR code (camera,
// decoded on the scanner's thread) or by the typed receipt number: the 受理编号 on the number pad,
// or on the full keyboard the platform's number or an older local one. The answer comes from the
// platform when it can be reached within a short time, else from the local store, and the screen
// says which. The query lives in the session and goes with it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/app/events.hpp"
#include "kiosk/capture/qr_camera.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "kiosk/hall/intents.hpp"
#include "kiosk/hall/lookup_limiter.hpp"
#include "kiosk/hall/progress_lookup.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

struct ProgressItem {
  std::string receipt_no, matter_name, created, status;  // the number in groups, for reading
};

struct ProgressView {
  ProgressMode mode = ProgressMode::Choose;
  std::string typed;       // as typed: the keyboard's value
  std::string typed_text;  // as shown: digits in groups of four; Verify: the ID characters typed, masked but the last
  bool full_keyboard = false;
  std::optional<Str> typed_error;
  std::int64_t wait_s = 0;  // too many failed tries: seconds until the next is allowed
  SecretString id_tail;     // Verify: the last 4 ID characters typed so far, for the keyboard
  bool scan_rejected = false, camera_failed = false;
  std::string asked, masked_id;  // asked: in groups when it is a 受理编号
  std::vector<ProgressItem> list;  // the card's submissions
  std::optional<ProgressRecord> result;
  std::string result_receipt_no;  // the result's 受理编号 in groups; empty when this kiosk did not take it
  std::string result_matter;      // the matter's name, when the catalog knows it
  ProgressSource source = ProgressSource::LocalOnly;
  std::shared_ptr<const drivers::camera::Frame> preview;  // while scanning
};

class ProgressController {
 public:
  ProgressController(AppContext& ctx, std::uint64_t& hall_generation);

  void handle(const intent::ProgressScan&, SteadyTime now);
  void handle(const intent::ProgressKeypad&, SteadyTime now);
  void handle(const intent::ProgressKeyboard& i, SteadyTime now);
  void handle(const intent::ProgressType& i, SteadyTime now);
  void handle(const intent::ProgressSearch&, SteadyTime now);
  void handle(const intent::ProgressPick& i, SteadyTime now);
  void handle(const intent::Back&, SteadyTime now);
  void handle(event::CardRead&& e, SteadyTime now);
  void handle(event::QrScanned&& e, SteadyTime now);

  void on_screen(ScreenId screen);
  bool previewing() const { return qr_.scanning(); }
  ProgressView progress_view() const;

 private:
  bool idle() const { return ctx_.data().progress.mode != ProgressMode::Busy; }
  void ensure_lookup();  // on the query worker's thread
  // A typed or scanned number: shown only to its holder, known by the session's card or by the
  // last 4 ID characters asked next (Verify).
  void ask_holder(const std::string& receipt_no, SteadyTime now);
  void lookup_receipt(const std::string& receipt_no, SecretString holder);
  void set_id_tail(std::string_view typed);
  void lookup_card(const Identity& identity);
  void start_scan();
  void take_payloads();

  AppContext& ctx_;
  std::uint64_t& generation_;  // shared with the ticket: numbers each question; a late answer to an old one is dropped
  std::unique_ptr<ProgressLookup> lookup_;  // used only on the query worker's thread
  LookupLimiter limiter_;  // failed typed lookups: across sessions, so a new session does not reset it
  capture::QrCamera qr_;
};

}  // namespace ow
