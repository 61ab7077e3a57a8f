#include "kiosk/receipt/receipt_layout.hpp"

#include <ctime>

#include "kiosk/receipt/font.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/receipt_number.hpp"

namespace ow::receipt {

std::string fill(const char* pattern, const std::string& value) {
  std::string p = pattern;
  const auto at = p.find("%s");
  if (at == std::string::npos) return p;
  return p.substr(0, at) + value + p.substr(at + 2);
}

std::string fill(const char* pattern, int value) {
  std::string p = pattern;
  const auto at = p.find("%d");
  if (at == std::string::npos) return p;
  return p.substr(0, at) + std::to_string(value) + p.substr(at + 2);
}

std::string mask_name(std::string_view utf8) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    next_code_point(utf8, i);
    chars.push_back(utf8.substr(start, i - start));
  }
  if (chars.size() <= 1) return std::string(utf8);
  if (chars.size() == 2) return std::string(chars[0]) + "*";
  return std::string(chars.front()) + std::string(chars.size() - 2, '*') + std::string(chars.back());
}

std::string local_minutes(WallTime t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

namespace {

Line title(std::string text) { return Line{std::move(text), Align::Center, TextStyle::Large, 0}; }
Line centred(std::string text, TextStyle style = TextStyle::Normal) { return Line{std::move(text), Align::Center, style, 0}; }
Line left(std::string text, TextStyle style = TextStyle::Normal, int indent = 0) {
  return Line{std::move(text), Align::Left, style, indent};
}

}  // namespace

Layout layout_receipt(const ReceiptContent& c, Language lang) {
  Layout l{"receipt", {}};
  auto& it = l.items;
  if (!c.hall_name.empty()) it.push_back(centred(c.hall_name, TextStyle::Bold));
  it.push_back(title(tr(Str::PrintReceiptTitle, lang)));
  it.push_back(Rule{});
  it.push_back(left(fill(tr(Str::PrintReceiptNo, lang), store::group_receipt_number(c.receipt_no)), TextStyle::Bold));
  it.push_back(left(fill(tr(c.is_bundle ? Str::PrintBundle : Str::PrintMatter, lang), c.matter_name)));
  if (!c.applicant_name.empty()) it.push_back(left(fill(tr(Str::PrintApplicant, lang), mask_name(c.applicant_name.view()))));
  if (!c.id_number.empty()) it.push_back(left(fill(tr(Str::PrintIdNumber, lang), mask_id_number(c.id_number.view()))));
  it.push_back(left(fill(tr(Str::PrintSubmittedAt, lang), local_minutes(c.submitted_at))));
  if (!c.promised_date.empty()) it.push_back(left(fill(tr(Str::PrintPromisedDate, lang), c.promised_date)));
  if (!c.delivery.empty()) it.push_back(left(fill(tr(Str::PrintDelivery, lang), c.delivery)));
  if (!c.deferred.empty()) {
    it.push_back(Rule{});
    it.push_back(left(tr(Str::PrintDeferredTitle, lang), TextStyle::Bold));
    for (std::size_t i = 0; i < c.deferred.size(); ++i) {
      const DeferredMaterial& m = c.deferred[i];
      it.push_back(left(std::to_string(i + 1) + ". " + m.name, TextStyle::Normal, 1));
      const std::string due = m.due.empty() ? tr(Str::PrintDeferredBeforeResult, lang) : fill(tr(Str::PrintDeferredBy, lang), m.due);
      it.push_back(left(due, TextStyle::Bold, 2));
    }
    it.push_back(left(tr(Str::PrintDeferredReminder, lang), TextStyle::Bold));
  }
  if (!c.promised.empty()) {
    it.push_back(Rule{});
    it.push_back(left(tr(Str::PrintPromisedTitle, lang), TextStyle::Bold));
    for (std::size_t i = 0; i < c.promised.size(); ++i)
      it.push_back(left(std::to_string(i + 1) + ". " + c.promised[i], TextStyle::Normal, 1));
    it.push_back(left(tr(Str::PrintPromisedReminder, lang)));
  }
  if (c.dates_assumed) it.push_back(left(tr(Str::PrintDatesAssumed, lang), TextStyle::Small));
  it.push_back(Rule{});
  if (!c.query_url.empty()) {
    it.push_back(QrItem{c.query_url});
    it.push_back(centred(tr(Str::PrintQrHint, lang)));
  }
  if (!c.hotline.empty()) it.push_back(centred(fill(tr(Str::PrintHotline, lang), c.hotline)));
  it.push_back(centred(tr(Str::PrintKeepReceipt, lang), TextStyle::Small));
  return l;
}

Layout layout_checklist(const ChecklistContent& c, Language lang) {
  Layout l{"checklist", {}};
  auto& it = l.items;
  if (!c.hall_name.empty()) it.push_back(centred(c.hall_name, TextStyle::Bold));
  it.push_back(title(tr(Str::PrintChecklistTitle, lang)));
  it.push_back(Rule{});
  it.push_back(left(fill(tr(Str::PrintMatter, lang), c.matter_name), TextStyle::Bold));
  it.push_back(left(tr(Str::PrintChecklistIntro, lang)));
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const ChecklistItem& m = c.items[i];
    std::string line = std::to_string(i + 1) + ". " + m.material;
    std::string detail;
    if (m.original) detail = tr(Str::PrintChecklistOriginal, lang);
    if (m.copies > 0) {
      if (!detail.empty()) detail += lang == Language::Chinese ? "，" : ", ";
      detail += fill(tr(Str::PrintChecklistCopies, lang), m.copies);
    }
    if (!detail.empty()) line += lang == Language::Chinese ? "（" + detail + "）" : " (" + detail + ")";
    it.push_back(left(line, TextStyle::Normal, 0));
    if (!m.note.empty()) it.push_back(left(fill(tr(Str::PrintChecklistReason, lang), m.note), TextStyle::Small, 2));
  }
  it.push_back(Rule{});
  it.push_back(left(fill(tr(Str::PrintPrintedAt, lang), local_minutes(c.printed_at)), TextStyle::Small));
  if (!c.hotline.empty()) it.push_back(centred(fill(tr(Str::PrintHotline, lang), c.hotline)));
  return l;
}

Layout layout_queue_ticket(const QueueTicketContent& c, Language lang) {
  Layout l{"ticket", {}};
  auto& it = l.items;
  if (!c.hall_name.empty()) it.push_back(centred(c.hall_name, TextStyle::Bold));
  it.push_back(centred(tr(Str::PrintTicketTitle, lang)));
  it.push_back(title(c.ticket_no));
  it.push_back(Gap{8});
  it.push_back(centred(fill(tr(Str::PrintTicketService, lang), c.service_name)));
  if (c.waiting_ahead) it.push_back(centred(fill(tr(Str::PrintTicketWaiting, lang), *c.waiting_ahead)));
  it.push_back(Rule{});
  it.push_back(centred(tr(Str::PrintTicketHint, lang), TextStyle::Small));
  it.push_back(centred(local_minutes(c.issued_at), TextStyle::Small));
  return l;
}

Layout layout_test_page(const std::string& hall_name, WallTime now, Language lang) {
  Layout l{"test", {}};
  auto& it = l.items;
  it.push_back(title(tr(Str::PrintTestTitle, lang)));
  if (!hall_name.empty()) it.push_back(centred(hall_name));
  it.push_back(Rule{});
  it.push_back(left(tr(Str::PrintTestChinese, lang)));
  it.push_back(left("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"));
  it.push_back(left(fill(tr(Str::PrintPrintedAt, lang), local_minutes(now)), TextStyle::Small));
  it.push_back(QrItem{"OneWindow printer test " + local_minutes(now)});
  return l;
}

std::vector<std::string> text_runs(const Layout& layout) {
  std::vector<std::string> out;
  for (const LayoutItem& item : layout.items) {
    if (const Line* line = std::get_if<Line>(&item)) out.push_back(line->text);
  }
  return out;
}

}  // namespace ow::receipt
