// kioskctl help [COMMAND]: the tool's usage or one command's.
// kioskctl help list: the 办不成事 reports citizens left on this kiosk, so a technician or the hall
// can see where people give up. A report holds the time, the step and the matter code only.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

#include "kiosk/text_util.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

void add_help_commands(CLI::App& app, Globals& g) {
  // A technician types `kioskctl help` for the tool's usage: that (or one command's, `help COMMAND`)
  // is what it prints; the 办不成事 reports are `help list`.
  auto* help = app.add_subcommand("help", "This usage, or a command's (help COMMAND); help list: 办不成事 reports left by citizens");
  help->require_subcommand(0, 1);
  auto command = std::make_shared<std::string>();
  help->add_option("COMMAND", *command, "The command to explain");
  auto* list = help->add_subcommand("list", "The reports, newest first: time, step, matter code, kiosk id");
  static int since_days = 0;
  static int limit = 100;
  list->add_option("--since", since_days, "Only the last DAYS days (0: all)")->check(CLI::NonNegativeNumber);
  list->add_option("--limit", limit, "At most this many")->capture_default_str()->check(CLI::PositiveNumber);
  list->add_flag("--json", g.json, "Print JSON");
  help->callback([&app, &g, list, command] {
    if (list->parsed()) return;
    // The formatter, not App::help(), which would explain the parsed `help` command itself.
    const auto usage = [&app](const CLI::App* of, const std::string& name) {
      return app.get_formatter()->make_help(of, name, CLI::AppFormatMode::Normal);
    };
    if (command->empty()) {
      std::printf("%s", usage(&app, "kioskctl").c_str());
      return;
    }
    const CLI::App* sub = nullptr;
    for (const auto* s : app.get_subcommands({}))
      if (s->get_name() == *command) sub = s;
    if (!sub) {
      std::fprintf(stderr, "kioskctl: no command %s; kioskctl help lists them\n", command->c_str());
      g.exit_code = 2;
      return;
    }
    std::printf("%s", usage(sub, "kioskctl " + *command).c_str());
  });
  list->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    auto s = open_store(g, *c);
    if (!s) return;
    const std::int64_t since_ms = since_days > 0 ? store::unix_ms_now() - std::int64_t{since_days} * 86'400'000 : 0;
    auto reports = s->help_requests_since(since_ms, limit);
    auto count = s->help_request_count(since_ms);
    if (!reports || !count) {
      std::fprintf(stderr, "kioskctl: %s\n", (!reports ? reports.error() : count.error()).message.c_str());
      g.exit_code = 1;
      return;
    }
    auto at = [](std::int64_t ms) {
      return rfc3339_local(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
    };
    if (g.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : *reports)
        out.push_back({{"at", at(r.at_ms)}, {"step", r.step}, {"matter_code", r.matter_code}, {"kiosk_id", c->kiosk_id}});
      nlohmann::json doc{{"kiosk_id", c->kiosk_id}, {"count", *count}, {"reports", out}};
      doc["since"] = since_ms > 0 ? nlohmann::json(at(since_ms)) : nlohmann::json();
      std::printf("%s\n", doc.dump().c_str());
      return;
    }
    if (since_days > 0) std::printf("%lld reports in the last %d days", static_cast<long long>(*count), since_days);
    else std::printf("%lld reports", static_cast<long long>(*count));
    if (static_cast<std::int64_t>(reports->size()) < *count) std::printf(", the newest %zu shown", reports->size());
    std::printf("\n");
    if (reports->empty()) return;
    std::printf("%-25s %-12s %-32s %s\n", "time", "step", "matter", "kiosk");
    for (const auto& r : *reports)
      std::printf("%-25s %-12s %-32s %s\n", at(r.at_ms).c_str(), r.step.c_str(), r.matter_code.empty() ? "-" : r.matter_code.c_str(),
                  c->kiosk_id.c_str());
  });
}

}  // namespace ow::kioskctl
