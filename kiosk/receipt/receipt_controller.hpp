#pragma once
// The 受理回执: printed once the submission is durable; a failed print says why and offers a retry,
// and the screen shows the same QR code to photograph.
#include <optional>
#include <string>

#include "kiosk/app/context.hpp"
#include "kiosk/catalog/calendar.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "kiosk/receipt/intents.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class ApplicationController;
class ReviewController;
class Printing;

struct ReceiptView {
  std::string receipt_no;       // the 受理编号's digits, as the store and the QR code hold it
  std::string receipt_no_text;  // the same in groups, for reading ("0001 6340 0001 7")
  std::string matter_name;
  std::string promised_date;  // "2026-12-08", the same date the paper prints; empty: no promise
  std::string query_url;  // the QR code's content
  PrintState print = PrintState::None;
  Str print_failure = Str::PrintFailedOther;
  std::string delivery;  // the delivery chosen on the review screen, in words
  std::optional<Str> take_card;  // the card the visit started with, not to be left behind
};

class ReceiptController {
 public:
  ReceiptController(AppContext& ctx, ApplicationController& application, ReviewController& review, Printing& printing);

  void handle(const intent::Reprint&, SteadyTime now);
  void handle(const intent::Finish&, SteadyTime now);  // on the receipt: on to 好差评

  void print_receipt();
  ReceiptView receipt_view() const;

 private:
  std::string query_url(const std::string& receipt_no) const;
  // The matter's promised limit from today as a date on the catalog's working-day calendar.
  std::optional<catalog::DueDate> promised_due(const catalog::Matter& m) const;

  AppContext& ctx_;
  ApplicationController& application_;
  ReviewController& review_;
  Printing& printing_;
};

}  // namespace ow
