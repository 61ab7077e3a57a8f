// AppCore, the hall's services besides a submission: the screens the attract screen opens
// (办件查询, 排队取号, 帮助), queue tickets numbered per day and printed, and 办不成事 — recorded
// with the step and matter only, with the panel that says where staff help.
#include <cstdio>

#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "kiosk/receipt/receipt_layout.hpp"

namespace ow {

bool AppCore::dispatch_hall(const Intent& intent, SteadyTime now) {
  auto& d = session_.data();
  const ScreenId s = screen();
  auto open = [&](ScreenId next) {
    if (s == ScreenId::Attract && !session_.data().help_open) session_.go(next, now);
    return true;
  };
  if (std::holds_alternative<intent::OpenProgress>(intent)) return open(ScreenId::Progress);
  if (std::holds_alternative<intent::OpenTicket>(intent)) return open(ScreenId::QueueTicket);
  if (std::holds_alternative<intent::OpenHelp>(intent)) return open(ScreenId::Help);
  if (std::holds_alternative<intent::CannotDo>(intent)) {
    if (s != ScreenId::Attract && s != ScreenId::Submitting && !d.help_open) {
      d.help_open = true;
      d.confirm_cancel = false;
      record_cannot_do();
    }
    return true;
  }
  if (std::holds_alternative<intent::CannotDoClose>(intent)) {
    d.help_open = false;
    return true;
  }
  if (std::holds_alternative<intent::CannotDoLeave>(intent)) {
    if (d.help_open) session_.end();
    return true;
  }
  if (s != ScreenId::Progress && s != ScreenId::QueueTicket && s != ScreenId::Help) return false;
  // Nothing of these screens is worth a "really cancel?" question: leaving ends them at once.
  if (std::holds_alternative<intent::Cancel>(intent)) {
    session_.end();
    return true;
  }
  if (s == ScreenId::Progress) return dispatch_progress(intent, now);
  if (std::holds_alternative<intent::Back>(intent) || std::holds_alternative<intent::Finish>(intent)) {
    session_.end();
    return true;
  }
  if (const auto* take = std::get_if<intent::TakeTicket>(&intent)) {
    if (s == ScreenId::QueueTicket) take_ticket(take->prefix);
    return true;
  }
  return false;
}

void AppCore::take_ticket(const std::string& prefix) {
  auto& t = session_.data().ticket;
  if (t.busy || !t.number.empty()) return;  // one ticket per visit to the screen; a double tap takes one
  const QueueService* service = nullptr;
  for (const auto& q : config_.queue.services)
    if (q.prefix == prefix) service = &q;
  if (!service) return;
  t.prefix = service->prefix;
  t.service = service->name;
  t.busy = true;
  t.failed = false;
  t.generation = ++hall_generation_;
  const std::string day = local_day(std::chrono::system_clock::now());
  worker_.post([this, day, prefix, gen = t.generation] {
    auto number = store_->next_queue_ticket(day, prefix);
    if (!number) log::error("ticket", "no queue number: " + number.error().message);
    complete([number, prefix, gen](AppCore& core) {
      auto& tk = core.session_.data().ticket;
      if (core.screen() != ScreenId::QueueTicket || tk.generation != gen) {
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
      core.print_ticket();
    });
  });
}

void AppCore::print_ticket() {
  auto& t = session_.data().ticket;
  t.print = PrintState::Unavailable;
  if (!printer_ || !receipt_font_) return;
  receipt::QueueTicketContent c;
  c.hall_name = config_.hall_name;
  c.ticket_no = t.number;
  c.service_name = t.service;
  c.issued_at = std::chrono::system_clock::now();
  const receipt::Layout layout = receipt::layout_queue_ticket(c, language());
  receipt::PaperOptions po;
  po.width_dots = config_.printer.width_dots;
  po.mode = config_.printer.text_mode ? receipt::PrintMode::Text : receipt::PrintMode::Raster;
  t.print = PrintState::Printing;
  auto done = [gen = t.generation](PrintState state) {
    return [gen, state](AppCore& core) {
      auto& tk = core.session_.data().ticket;
      if (core.screen() == ScreenId::QueueTicket && tk.generation == gen) tk.print = state;
    };
  };
  worker_.post([this, layout, po, done] {
    auto job = receipt::to_print_job(layout, po, *receipt_font_);
    if (!job) {
      log::error("printer", "ticket layout: " + job.error().message);
      complete(done(PrintState::Failed));
      return;
    }
    printer_->print(std::move(*job), [this, done](const drivers::printer::JobResult& r) {
      log::info("printer", "ticket job " + std::to_string(r.job_id) + (r.ok() ? " printed" : " failed: " + r.message));
      complete(done(r.ok() ? PrintState::Printed : PrintState::Failed));
    });
  });
}

void AppCore::record_cannot_do() {
  // The step and the matter tell the hall what to improve; nothing about the citizen goes along.
  const std::string step(screen_name(screen()));
  const std::string matter = session_.data().matter_code;
  log::info("help", "could not get it done at step " + step + (matter.empty() ? "" : ", matter " + matter));
  worker_.post([this, step, matter] {
    if (auto ok = store_->add_help_request(step, matter); !ok) log::error("help", "cannot record it: " + ok.error().message);
  });
}

TicketView AppCore::ticket_view() const { return TicketView{config_.queue.services, session_.data().ticket}; }

HelpDeskView AppCore::help_desk_view() const {
  return HelpDeskView{config_.help_desk.place, config_.help_desk.hours,
                      config_.help_desk.phone.empty() ? config_.printer.hotline : config_.help_desk.phone};
}

}  // namespace ow
