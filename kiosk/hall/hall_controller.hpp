#pragma once
// The hall's services besides a submission: the screens the attract screen opens (办件查询, 排队取号,
// 帮助), queue tickets numbered per day and printed, and 办不成事 — recorded with the step and matter
// only, with the panel that says where staff help.
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/hall/hall_session.hpp"
#include "kiosk/hall/intents.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class Printing;

struct TicketView {
  std::vector<QueueService> services;
  TicketState ticket;
};

struct HelpDeskView {
  std::string place, hours, phone;
};

class HallController {
 public:
  HallController(AppContext& ctx, Printing& printing, std::uint64_t& hall_generation);

  void handle(const intent::OpenProgress&, SteadyTime now);
  void handle(const intent::OpenTicket&, SteadyTime now);
  void handle(const intent::OpenHelp&, SteadyTime now);
  void handle(const intent::TakeTicket& i, SteadyTime now);
  void handle(const intent::CannotDo&, SteadyTime now);
  void handle(const intent::CannotDoClose&, SteadyTime now);
  void handle(const intent::CannotDoLeave&, SteadyTime now);
  void handle(const intent::Back&, SteadyTime now);    // the ticket and help screens end the visit
  void handle(const intent::Finish&, SteadyTime now);  // likewise

  TicketView ticket_view() const;
  HelpDeskView help_desk_view() const;
  bool cannot_do_open() const { return ctx_.data().help_open; }

 private:
  void open(ScreenId screen, SteadyTime now);
  void print_ticket();
  void record_cannot_do();

  AppContext& ctx_;
  Printing& printing_;
  std::uint64_t& generation_;
};

}  // namespace ow
