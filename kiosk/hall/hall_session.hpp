#pragma once
// The session state of the hall services the attract screen offers besides a submission:
// 办件查询 (progress query), 排队取号 (queue ticket) and the 办不成事 panel. Wiped with the session.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/secret.hpp"
#include "kiosk/strings.hpp"

namespace ow {

enum class PrintState { None, Printing, Printed, Failed, Unavailable };

struct ProgressStep {
  Str label = Str::ProgressStepOther;
  std::string token;  // the platform's status word, shown when the kiosk does not know it
  std::string at;     // "2026-11-22 10:04" local time; empty when unknown
};

// One submission as the query shows it: numbers, matter and status, nothing personal.
struct ProgressRecord {
  std::string receipt_no;           // the 受理编号 this kiosk gave; empty when another took it
  std::string platform_receipt_no;  // the platform's own number, once it has acknowledged the submission
  std::string matter_code;
  std::string created;           // "2026-11-22 10:04"
  ProgressStep status;           // the latest step
  std::vector<ProgressStep> timeline;
};

enum class ProgressSource {
  Platform,        // the platform answered
  LocalOffline,    // the platform could not be reached: this kiosk's record
  LocalNotSynced,  // the platform does not know it yet: still queued on this kiosk
  LocalOnly,       // no platform configured
};

// The step in words: its label, or the platform's own word for a status the kiosk does not know.
std::string progress_step_text(const ProgressStep& step);

// Verify: a receipt number was typed or scanned; the last 4 characters of the holder's ID number
// are asked before anything about it is shown (receipt numbers are sequential, so guessable).
enum class ProgressMode { Choose, Scan, Keypad, Verify, Busy, CardList, Result, NotFound };

struct ProgressQuery {
  ProgressMode mode = ProgressMode::Choose;
  std::string typed;             // the receipt number being typed
  bool full_keyboard = false;    // letters too, for the platform's number or an older local one
  std::optional<Str> typed_error;  // why the typed number was not looked up
  bool scan_rejected = false;  // the last QR code seen was not a receipt's
  bool camera_failed = false;
  std::string asked;          // the number looked up (told when not found)
  SecretString id_tail;       // Verify: the last 4 characters of the ID number as typed
  std::string masked_id;      // the card whose submissions are listed
  SecretString card_id_number;  // that card's number: picking from its list is a lookup by that holder
  std::vector<ProgressRecord> list;
  bool from_list = false;     // the result was picked from the card's list: back returns there
  std::optional<ProgressRecord> result;
  ProgressSource source = ProgressSource::LocalOnly;
  std::uint64_t generation = 0;  // answers to an earlier question are dropped
};

struct TicketState {
  std::string prefix, service;  // the business chosen
  std::string number;           // "A003"; empty until issued
  bool busy = false, failed = false;
  PrintState print = PrintState::None;
  std::uint64_t generation = 0;
};

}  // namespace ow
