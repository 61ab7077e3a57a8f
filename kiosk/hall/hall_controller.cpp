#include "kiosk/hall/hall_controller.hpp"

#include <cstdio>

#include "kiosk/hall/progress_lookup.hpp"
#include "kiosk/log.hpp"
#include "kiosk/receipt/printing.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

HallController::HallController(AppContext& ctx, Printing& printing, std::uint64_t& hall_generation)
    : ctx_(ctx), printing_(printing), generation_(hall_generation) {}

void HallController::open(ScreenId screen, SteadyTime now) {
  if (ctx_.on(ScreenId::Attract) && !ctx_.data().help_open) ctx_.go(screen, now);
}

void HallController::handle(const intent::OpenProgress&, SteadyTime now) {
  // A locked store cannot match a card or a receipt to its submissions: "no record here" would be
  // wrong, so the citizen is told the kiosk cannot look them up now.
  if (ctx_.store_locked() && ctx_.on(ScreenId::Attract) && !ctx_.data().help_open) {
    ctx_.data().notice = Notice{Str::OutOfServiceTitle, Str::StoreLockedQueryBody, false, true};
    ctx_.go(ScreenId::Notice, now);
    return;
  }
  open(ScreenId::Progress, now);
}
void HallController::handle(const intent::OpenTicket&, SteadyTime now) { open(ScreenId::QueueTicket, now); }
void HallController::handle(const intent::OpenHelp&, SteadyTime now) { open(ScreenId::Help, now); }

void HallController::handle(const intent::Back&, SteadyTime) {
  if (ctx_.on(ScreenId::QueueTicket) || ctx_.on(ScreenId::Help)) ctx_.session().end();
}

void HallController::handle(const intent::Finish&, SteadyTime) {
  if (ctx_.on(ScreenId::QueueTicket) || ctx_.on(ScreenId::Help)) ctx_.session().end();
}

void HallController::handle(const intent::CannotDo&, SteadyTime) {
  auto& d = ctx_.data();
  if (ctx_.on(ScreenId::Attract) || ctx_.on(ScreenId::Submitting) || d.help_open) return;
  d.help_open = true;
  d.confirm_cancel = false;
  record_cannot_do();
}

void HallController::handle(const intent::CannotDoClose&, SteadyTime) { ctx_.data().help_open = false; }

void HallController::handle(const intent::CannotDoLeave&, SteadyTime) {
  if (ctx_.data().help_open) ctx_.session().end();
}

void HallController::handle(const intent::TakeTicket& i, SteadyTime) {
  if (!ctx_.on(ScreenId::QueueTicket)) return;
  auto& t = ctx_.data().ticket;
  if (t.busy || !t.number.empty()) return;  // one ticket per visit to the screen; a double tap takes one
  const QueueService* service = nullptr;
  for (const auto& q : ctx_.config().queue.services)
    if (q.prefix == i.prefix) service = &q;
  if (!service) return;
  t.prefix = service->prefix;
  t.service = service->name;
  t.busy = true;
  t.failed = false;
  t.generation = ++generation_;
  const std::string day = local_day(std::chrono::system_clock::now());
  ctx_.worker().post([this, day, prefix = t.prefix, gen = t.generation] {
    auto number = ctx_.store().next_queue_ticket(day, prefix);
    if (!number) log::error("ticket", "no queue number: " + number.error().message);
    ctx_.post([this, number, prefix, gen] {
      auto& tk = ctx_.data().ticket;
      if (!ctx_.on(ScreenId::QueueTicket) || tk.generation != gen) {
        if (number) log::warn("ticket", "queue number " + prefix + std::to_string(*number) + " issued after the citizen left");
        return;
      }
      tk.busy = false;
      if (!number) {
        tk.failed = true;
        return;
      }
      char text[16];
      std::snprintf(text, sizeof text, "%s%03d", prefix.c_str(), *number);
      tk.number = text;
      log::info("ticket", "issued queue number " + tk.number);
      print_ticket();
    });
  });
}

void HallController::print_ticket() {
  auto& t = ctx_.data().ticket;
  t.print = PrintState::Unavailable;
  if (!printing_.available()) return;
  receipt::QueueTicketContent c;
  c.hall_name = ctx_.config().hall_name;
  c.ticket_no = t.number;
  c.service_name = t.service;
  c.issued_at = std::chrono::system_clock::now();
  t.print = PrintState::Printing;
  printing_.print(receipt::layout_queue_ticket(c, ctx_.session().language()), "ticket",
                  [this, gen = t.generation](const drivers::printer::JobResult& r) {
                    ctx_.post([this, gen, ok = r.ok()] {
                      auto& tk = ctx_.data().ticket;
                      if (ctx_.on(ScreenId::QueueTicket) && tk.generation == gen) tk.print = ok ? PrintState::Printed : PrintState::Failed;
                    });
                  });
}

void HallController::record_cannot_do() {
  // The step and the matter tell the hall what to improve; nothing about the citizen goes along.
  const std::string step(screen_name(ctx_.screen()));
  const std::string matter = ctx_.data().matter_code;
  log::info("help", "could not get it done at step " + step + (matter.empty() ? "" : ", matter " + matter));
  ctx_.worker().post([this, step, matter] {
    if (auto ok = ctx_.store().add_help_request(step, matter); !ok) log::error("help", "cannot record it: " + ok.error().message);
  });
}

TicketView HallController::ticket_view() const { return TicketView{ctx_.config().queue.services, ctx_.data().ticket}; }

HelpDeskView HallController::help_desk_view() const {
  const Config& c = ctx_.config();
  return HelpDeskView{c.help_desk.place, c.help_desk.hours, c.help_desk.phone.empty() ? c.printer.hotline : c.help_desk.phone};
}

}  // namespace ow
