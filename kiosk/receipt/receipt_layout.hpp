#pragma once
// What goes on a slip of receipt paper — the 受理回执, the 一次性告知 checklist, a queue ticket —
// as a device-independent layout of lines, rules and a QR code, in the language asked for.
// paper_render.hpp turns a layout into printer raster or printer text.
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/secret.hpp"
#include "drivers/printer/escpos.hpp"
#include "kiosk/strings.hpp"

namespace ow::receipt {

using WallTime = std::chrono::system_clock::time_point;
using drivers::printer::Align;

enum class TextStyle { Normal, Bold, Large, Small };

struct Line {
  std::string text;
  Align align = Align::Left;
  TextStyle style = TextStyle::Normal;
  int indent = 0;  // in character cells (bullet lists)
};
struct QrItem {
  std::string data;
};
struct Rule {};  // a dashed separator
struct Gap {
  int dots = 12;
};

using LayoutItem = std::variant<Line, QrItem, Rule, Gap>;

struct Layout {
  std::string kind;  // "receipt", "checklist", "ticket", "test"
  std::vector<LayoutItem> items;
};

struct DeferredMaterial {
  std::string name;
  std::string due;  // "2026-12-14"; empty: before the result is collected
};

// The 受理回执. Full ID number and name go in; only masked forms come out on paper.
struct ReceiptContent {
  std::string hall_name;
  std::string matter_name;
  bool is_bundle = false;  // a 一件事 bundle rather than a single matter
  std::string receipt_no;  // the 受理编号's digits: printed in groups
  SecretString id_number;
  SecretString applicant_name;
  WallTime submitted_at{};
  std::string promised_date;  // "2026-12-04"; empty when the matter has no promise
  std::vector<DeferredMaterial> deferred;  // 容缺: accepted now, handed in later
  std::vector<std::string> promised;       // 告知承诺: names of the proofs a signed promise replaced
  bool dates_assumed = false;  // a date above counts a year the catalog's holiday calendar lacks
  std::string delivery;                          // the delivery choice, already in words
  std::string query_url;                         // progress query, encoded in the QR code
  std::string hotline;
};

struct ChecklistItem {
  std::string material;
  bool original = false;
  int copies = 0;
  std::string note;  // why it is needed or what was wrong with what was scanned
};
struct ChecklistContent {
  std::string hall_name;
  std::string matter_name;
  std::vector<ChecklistItem> items;
  WallTime printed_at{};
  std::string hotline;
};

struct QueueTicketContent {
  std::string hall_name;
  std::string ticket_no;
  std::string service_name;
  std::optional<int> waiting_ahead;  // only when the hall's calling system tells it
  WallTime issued_at{};
};

Layout layout_receipt(const ReceiptContent& c, Language lang = Language::Chinese);
Layout layout_checklist(const ChecklistContent& c, Language lang = Language::Chinese);
Layout layout_queue_ticket(const QueueTicketContent& c, Language lang = Language::Chinese);
Layout layout_test_page(const std::string& hall_name, WallTime now, Language lang = Language::Chinese);

// Every text line of the layout, in order (tests look for what must and must not be printed).
std::vector<std::string> text_runs(const Layout& layout);

// 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜 (the middle characters hidden).
std::string mask_name(std::string_view utf8);

// "2026-11-22 10:04" in local time.
std::string local_minutes(WallTime t);

// A template holding one %s or one %d, filled in.
std::string fill(const char* pattern, const std::string& value);
std::string fill(const char* pattern, int value);

}  // namespace ow::receipt
