// kioskctl sscard readers | read: the social security card reader through PC/SC, for technicians.
// `read` waits for a card, reads its EF05 identification data and prints it; the card number and
// identification code are masked unless --unmask is given (also in --json, like `idcard read`).
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "drivers/smartcard/pcsc_reader.hpp"
#include "tools/kioskctl/commands.hpp"

namespace ow::kioskctl {
namespace {

using namespace drivers::smartcard;

struct SscardOptions {
  std::string reader;
  int timeout_s = 30;
  bool json = false, unmask = false;
};

nlohmann::json card_json(const CardReadEvent& e, bool unmask) {
  const auto& id = e.card.identification;
  return {
      {"reader", e.reader},
      {"identification_code", unmask ? id.identification_code.str() : mask_identification_code(id.identification_code.view())},
      {"region_code", id.region_code},
      {"card_type", id.card_type},
      {"spec_version", id.spec_version},
      {"third_generation", id.third_generation()},
      {"institution", id.institution},
      {"issue_date", id.issue_date.iso()},
      {"expiry_date", id.expiry_date.iso()},
      {"expired", e.expired},
      {"card_number", unmask ? id.card_number.str() : mask_card_number(id.card_number.view())},
      {"personal_data", std::string(to_string(e.card.personal))},
  };
}

void print_card(const CardReadEvent& e, const SscardOptions& o) {
  if (o.json) {
    std::printf("%s\n", card_json(e, o.unmask).dump().c_str());
    return;
  }
  const auto& id = e.card.identification;
  std::printf("社会保障卡 social security card in [%s]\n", e.reader.c_str());
  std::printf("  %-22s %s\n", "identification code",
              (o.unmask ? id.identification_code.str() : mask_identification_code(id.identification_code.view())).c_str());
  std::printf("  %-22s %s\n", "region", id.region_code.c_str());
  std::printf("  %-22s %s\n", "card type", id.card_type.c_str());
  std::printf("  %-22s %s%s\n", "spec version", id.spec_version.c_str(),
              id.third_generation() ? " (third generation)" : "");
  std::printf("  %-22s %s\n", "initialising inst.", id.institution.c_str());
  std::printf("  %-22s %s\n", "issued", id.issue_date.iso().c_str());
  std::printf("  %-22s %s%s\n", "expires", id.expiry_date.iso().c_str(), e.expired ? "  (EXPIRED)" : "");
  std::printf("  %-22s %s\n", "card number", (o.unmask ? id.card_number.str() : mask_card_number(id.card_number.view())).c_str());
  std::printf("  %-22s %s\n", "name / SSN (EF06)", "not read: needs PSAM authentication");
}

int read_card_once(const SscardOptions& o) {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<SmartcardEvent> outcome;
  std::string last_status;
  PcscReader reader(PcscConfig{o.reader, std::chrono::milliseconds(500)}, [&](SmartcardEvent e) {
    std::lock_guard lock(mu);
    if (const auto* s = std::get_if<StatusChangedEvent>(&e)) {
      last_status = std::string(drivers::to_string(s->state)) + ": " + s->message;
      if (!o.json) std::fprintf(stderr, "sscard: %s\n", last_status.c_str());
    } else if (!outcome && (std::holds_alternative<CardReadEvent>(e) || std::holds_alternative<CardRejectedEvent>(e))) {
      outcome = std::move(e);
      cv.notify_all();
    }
  });
  if (!o.json) std::fprintf(stderr, "sscard: insert a social security card (waiting up to %d s)\n", o.timeout_s);
  reader.start();
  std::unique_lock lock(mu);
  cv.wait_for(lock, std::chrono::seconds(o.timeout_s), [&] { return outcome.has_value(); });
  auto result = std::move(outcome);
  lock.unlock();
  reader.stop();

  if (!result) {
    std::fprintf(stderr, "kioskctl: no card read within %d s (%s)\n", o.timeout_s,
                 last_status.empty() ? "no status" : last_status.c_str());
    return 1;
  }
  if (const auto* rejected = std::get_if<CardRejectedEvent>(&*result)) {
    if (o.json) {
      std::printf("%s\n", nlohmann::json{{"reader", rejected->reader},
                                         {"error", std::string(to_string(rejected->error.failure))},
                                         {"message", rejected->error.message}}
                              .dump()
                              .c_str());
    } else {
      std::fprintf(stderr, "kioskctl: card in [%s] not read: %s — %s\n", rejected->reader.c_str(),
                   std::string(to_string(rejected->error.failure)).c_str(), rejected->error.message.c_str());
    }
    return 1;
  }
  print_card(std::get<CardReadEvent>(*result), o);
  return 0;
}

int list_readers(bool json) {
  auto readers = PcscReader::list_readers();
  if (!readers) {
    std::fprintf(stderr, "kioskctl: %s\n", readers.error().message.c_str());
    return 1;
  }
  if (json) {
    std::printf("%s\n", nlohmann::json{{"readers", *readers}}.dump().c_str());
  } else if (readers->empty()) {
    std::printf("pcscd is running but reports no smart card reader\n");
  } else {
    for (const auto& r : *readers) std::printf("%s\n", r.c_str());
  }
  return 0;
}

}  // namespace

void add_sscard_commands(CLI::App& app, Globals& g) {
  auto* sscard = app.add_subcommand("sscard", "Social security card reader (PC/SC)");
  sscard->require_subcommand(1);
  auto o = std::make_shared<SscardOptions>();

  auto* readers = sscard->add_subcommand("readers", "List the PC/SC readers pcscd knows");
  readers->add_flag("--json", o->json, "One JSON object");
  readers->callback([&g, o] { g.exit_code = list_readers(o->json); });

  auto* read = sscard->add_subcommand("read", "Wait for a social security card and print its identification data");
  read->add_option("--reader", o->reader, "Only readers whose name contains this text");
  read->add_option("--timeout", o->timeout_s, "Seconds to wait for a card")->capture_default_str()->check(CLI::Range(1, 3600));
  read->add_flag("--json", o->json, "One JSON object on stdout");
  read->add_flag("--unmask", o->unmask, "Show the full card number and identification code");
  read->callback([&g, o] { g.exit_code = read_card_once(*o); });
}

}  // namespace ow::kioskctl
