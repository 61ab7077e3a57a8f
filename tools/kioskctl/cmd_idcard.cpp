// kioskctl idcard read | decode: one full card read from a reader, or one captured reply frame
// decoded offline. ID numbers are masked (first 6 + last 4) unless --unmask is given.
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "drivers/idcard/card_data.hpp"
#include "drivers/idcard/sam_session.hpp"
#include "drivers/transport/serial_transport.hpp"
#include "kiosk/text_util.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/device_flags.hpp"

namespace ow::kioskctl {

namespace {

using namespace drivers::idcard;

struct IdcardOptions {
  std::string port, file = "-";
  unsigned baud = 115200;
  int wait_s = 10;
  bool json = false, unmask = false, fingerprint = false;
};

nlohmann::json card_json(const CardData& c, bool unmask) {
  nlohmann::json j = {
      {"card_type", card_type_id(c.type)},
      {"name", c.name.str()},
      {"sex", sex_name_zh(c.sex)},
      {"birth_date", c.birth_date.str()},
      {"id_number", unmask ? c.id_number.str() : mask_id_number(c.id_number.view())},
      {"authority", c.authority.str()},
      {"valid_from", c.valid_from.str()},
      {"valid_to", c.long_term ? std::string("长期") : c.valid_to.str()},
      {"expired", c.expired},
      {"photo_wlt_bytes", c.photo_wlt.size()},
  };
  if (c.type == CardType::ResidentId) {
    j["ethnicity"] = c.ethnicity.str();
    j["ethnic_code"] = c.ethnic_code.str();
  }
  if (c.type != CardType::ForeignerPermanent) j["address"] = c.address.str();
  if (!c.extra_address.empty()) j["extra_address"] = c.extra_address.str();
  if (c.type == CardType::HkMacauTaiwanPermit) {
    j["pass_number"] = c.pass_number.str();
    j["issue_count"] = c.issue_count.str();
  }
  if (c.type == CardType::ForeignerPermanent) {
    j["name_en"] = c.name_en.str();
    j["nationality"] = c.nationality.str();
    j["card_version"] = c.card_version.str();
  }
  if (!c.fingerprint.empty()) j["fingerprint_bytes"] = c.fingerprint.size();
  return j;
}

void print_card(const CardData& c, const IdcardOptions& o) {
  if (o.json) {
    std::printf("%s\n", card_json(c, o.unmask).dump().c_str());
    return;
  }
  auto line = [](const char* label, const std::string& v) {
    if (!v.empty()) std::printf("  %-12s %s\n", label, v.c_str());
  };
  std::printf("%s (%s)\n", std::string(card_type_name_zh(c.type)).c_str(), std::string(card_type_id(c.type)).c_str());
  line("name", c.name.str());
  line("name (en)", c.name_en.str());
  line("sex", std::string(sex_name_zh(c.sex)));
  line("ethnicity", c.ethnicity.str());
  line("birth date", c.birth_date.str());
  line("address", c.address.str());
  line("extra addr.", c.extra_address.str());
  line("id number", o.unmask ? c.id_number.str() : mask_id_number(c.id_number.view()));
  line("authority", c.authority.str());
  line("nationality", c.nationality.str());
  line("pass number", c.pass_number.str());
  line("issue count", c.issue_count.str());
  line("valid", c.valid_from.str() + " – " + (c.long_term ? std::string("长期") : c.valid_to.str()) + (c.expired ? "  (EXPIRED)" : ""));
  line("photo", std::to_string(c.photo_wlt.size()) + " bytes WLT (decoded only by a vendor library)");
}

int decode(const IdcardOptions& o) {
  std::string text;
  if (o.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(o.file);
    if (!in) {
      std::fprintf(stderr, "kioskctl: cannot open %s\n", o.file.c_str());
      return 2;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::vector<std::uint8_t> bytes;
  int high = -1;
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isspace(u)) continue;
    if (!std::isxdigit(u)) {
      std::fprintf(stderr, "malformed frame: '%c' is not a hex digit\n", std::isprint(u) ? ch : '?');
      return 2;
    }
    const int v = std::isdigit(u) ? u - '0' : std::tolower(u) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      bytes.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) {
    std::fprintf(stderr, "malformed frame: odd number of hex digits\n");
    return 2;
  }
  auto r = parse_response_frame(bytes);
  if (!r) {
    std::fprintf(stderr, "malformed frame: %s\n", r.error().message.c_str());
    return 2;
  }
  const auto& status = status_info(r->sw3);
  if (!r->success()) {
    std::fprintf(stderr, "malformed frame: status 0x%02X %s (%s)\n", r->sw3, std::string(status.en).c_str(),
                 std::string(status.zh).c_str());
    return 2;
  }
  // Card data: a success reply long enough for the length fields, text and photo.
  if (r->sw3 == sw::Success && r->data.size() >= 4 + kTextSize + kPhotoSize) {
    auto card = parse_card_reply(*r);
    if (!card) {
      std::fprintf(stderr, "malformed frame: text block: %s\n", card.error().message.c_str());
      return 2;
    }
    card->expired = card_expired(*card, local_today());
    print_card(*card, o);
    return 0;
  }
  if (o.json) {
    std::string hex;
    for (auto b : r->data) {
      char h[4];
      std::snprintf(h, sizeof h, "%02X", b);
      hex += h;
    }
    char code[8];
    std::snprintf(code, sizeof code, "0x%02X", r->sw3);
    std::printf("%s\n", nlohmann::json{{"status", code}, {"message", status.en}, {"data", hex}}.dump().c_str());
  } else {
    std::printf("status 0x%02X %s (%s), %zu data bytes\n", r->sw3, std::string(status.en).c_str(),
                std::string(status.zh).c_str(), r->data.size());
  }
  return 0;
}

int read_card(const IdcardOptions& o) {
  if (!drivers::serial_baud_supported(o.baud)) {
    std::fprintf(stderr, "kioskctl: unsupported baud rate %u\n", o.baud);
    return 2;
  }
  // The raw SAM exchange, for diagnosis, over the transport the kiosk would build for [idcard].
  auto port = checked_transport({"idcard", "idcard", "serial", o.port, 0, 0, {{"baud", std::to_string(o.baud)}}},
                                {{"port", "--port"}, {"options.baud", "--baud"}});
  if (!port) {
    std::fprintf(stderr, "kioskctl: %s\n", port.error().message.c_str());
    return 2;
  }
  auto fail = [](const char* step, const drivers::DeviceError& e) {
    // Most messages already start with the command's name.
    const bool named = e.message.rfind(step, 0) == 0;
    const char* hint = e.code == drivers::DeviceErrorCode::DeviceStatus && std::string_view(step) != "SAM status"
                           ? "; lift the card and place it again"
                           : "";
    std::fprintf(stderr, "kioskctl: %s%s%s%s\n", named ? "" : step, named ? "" : ": ", e.message.c_str(), hint);
    return 1;
  };
  if (auto opened = (*port)->open(); !opened) return fail("open", opened.error());
  SamSession s(**port);
  if (auto st = s.sam_status(); !st) return fail("SAM status", st.error());
  // Poll find-card at the SAM's pace until a card is on the reader.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
  for (bool told = false;;) {
    auto found = s.find_card();
    if (!found) return fail("find card", found.error());
    if (*found) break;
    if (std::chrono::steady_clock::now() >= until) {
      std::fprintf(stderr, "kioskctl: no card on the reader within %d s\n", o.wait_s);
      return 1;
    }
    if (!told && !o.json) std::fprintf(stderr, "place a card on the reader…\n");
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  if (auto sel = s.select_card(); !sel) return fail("select card", sel.error());
  auto card = s.read_card(o.fingerprint, true);
  if (!card) return fail("read card", card.error());
  card->expired = card_expired(*card, local_today());
  print_card(*card, o);
  return 0;
}

}  // namespace

void add_idcard_commands(CLI::App& app, Globals& g) {
  auto o = std::make_shared<IdcardOptions>();
  auto* idcard = app.add_subcommand("idcard", "ID card reader (GA 467 SAM)");
  idcard->require_subcommand(1);

  auto* read = idcard->add_subcommand("read", "Read one card from a reader on a serial port");
  read->add_option("--port", o->port, "Serial device, e.g. /dev/ttyUSB0")->required();
  read->add_option("--baud", o->baud, "Line speed")->capture_default_str();
  read->add_option("--wait", o->wait_s, "Seconds to wait for a card")->capture_default_str();
  read->add_flag("--json", o->json, "One JSON object");
  read->add_flag("--fingerprint", o->fingerprint, "Read with fingerprint (30 10)");
  read->add_flag("--unmask", o->unmask, "Show the full ID number");
  read->callback([o, &g] { g.exit_code = read_card(*o); });

  auto* dec = idcard->add_subcommand("decode", "Decode one captured reply frame given as hex text");
  dec->add_option("file", o->file, "File with the hex text, or - for stdin")->capture_default_str();
  dec->add_flag("--json", o->json, "One JSON object");
  dec->add_flag("--unmask", o->unmask, "Show the full ID number");
  dec->callback([o, &g] { g.exit_code = decode(*o); });
}

}  // namespace ow::kioskctl
